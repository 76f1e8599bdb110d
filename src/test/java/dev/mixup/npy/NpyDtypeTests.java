package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyDtypeTests {

    @ParameterizedTest
    @CsvSource({
            "BOOL,    bool,    1, true,  |b1, |b1",
            "INT8,    int8,    1, true,  |i1, |i1",
            "UINT8,   uint8,   1, true,  |u1, |u1",
            "INT16,   int16,   2, true,  <i2, >i2",
            "UINT16,  uint16,  2, true,  <u2, >u2",
            "INT32,   int32,   4, true,  <i4, >i4",
            "UINT32,  uint32,  4, true,  <u4, >u4",
            "INT64,   int64,   8, true,  <i8, >i8",
            "UINT64,  uint64,  8, true,  <u8, >u8",
            "FLOAT16, float16, 2, false, <f2, >f2",
            "FLOAT32, float32, 4, false, <f4, >f4",
            "FLOAT64, float64, 8, false, <f8, >f8",
    })
    void describesItselfAsNumpyDoes(NpyDtype dtype, String name, int itemSize, boolean integer,
                                    String littleEndian, String bigEndian) {
        assertThat(dtype.numpyName()).isEqualTo(name);
        assertThat(dtype.itemSize()).isEqualTo(itemSize);
        assertThat(dtype.isInteger()).isEqualTo(integer);
        assertThat(dtype.descr(ByteOrder.LITTLE_ENDIAN)).isEqualTo(littleEndian);
        assertThat(dtype.descr(ByteOrder.BIG_ENDIAN)).isEqualTo(bigEndian);
    }

    @Test
    void decodesUnsigned64BitValuesWithCorrectRounding() {
        long[] values = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0xFFFF_FFFF_FFFF_FC00L, 0xFFFF_FFFF_FFFF_FBFFL,
                0x8000_0000_0000_0401L, 0x8000_0000_0000_0C00L, 0x8000_0000_0000_0400L};
        for (long value : values) {
            ByteBuffer buffer = ByteBuffer.allocate(8).putLong(0, value);
            double exact = new BigInteger(Long.toUnsignedString(value)).doubleValue();
            assertThat(NpyDtype.UINT64.getAsDouble(buffer, 0)).as(Long.toUnsignedString(value)).isEqualTo(exact);
        }
    }

    @Test
    void decodesInTheBuffersByteOrderAtTheGivenOffset() {
        ByteBuffer big = ByteBuffer.wrap(new byte[] {9, 0x3C, 0x00, 0x7C, 0x00, 0x00, 0x01});
        assertThat(NpyDtype.FLOAT16.getAsDouble(big, 1)).isEqualTo(1.0);
        assertThat(NpyDtype.FLOAT16.getAsDouble(big, 3)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NpyDtype.FLOAT16.getAsDouble(big, 5)).isEqualTo(0x1p-24);
        assertThat(NpyDtype.UINT16.getAsDouble(big, 1)).isEqualTo(0x3C00);

        ByteBuffer little = big.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(NpyDtype.INT16.getAsDouble(little, 2)).isEqualTo(0x7C00);
        assertThat(NpyDtype.UINT32.getAsDouble(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1}), 0)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void readsAnyNonZeroByteAsTrue() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 1, 2, -1});
        assertThat(new double[] {
                NpyDtype.BOOL.getAsDouble(buffer, 0), NpyDtype.BOOL.getAsDouble(buffer, 1),
                NpyDtype.BOOL.getAsDouble(buffer, 2), NpyDtype.BOOL.getAsDouble(buffer, 3)})
                .containsExactly(0, 1, 1, 1);
    }
}
