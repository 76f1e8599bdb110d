package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NpyHeaderTests {

    @Test
    void countsElementsAndBytes() {
        NpyHeader images = new NpyHeader(NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, new long[] {10, 32, 32, 3});
        assertThat(images.elementCount()).isEqualTo(30720);
        assertThat(images.dataBytes()).isEqualTo(122880);

        NpyHeader scalar = new NpyHeader(NpyDtype.INT16, ByteOrder.BIG_ENDIAN, false, new long[0]);
        assertThat(scalar.elementCount()).isEqualTo(1);
        assertThat(scalar.dataBytes()).isEqualTo(2);

        NpyHeader empty = new NpyHeader(NpyDtype.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, new long[] {0, 1L << 40});
        assertThat(empty.elementCount()).isZero();
        assertThat(empty.dataBytes()).isZero();
    }

    @Test
    void acceptsTheLargestRepresentableSize() {
        NpyHeader header = new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[] {Long.MAX_VALUE});
        assertThat(header.dataBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsShapesWhoseSizeDoesNotFitInALong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NpyHeader(NpyDtype.INT16, ByteOrder.LITTLE_ENDIAN, false, new long[] {Long.MAX_VALUE}))
                .withMessage("shape (9223372036854775807,) int16 is absurdly large: its size in bytes does not fit in 64 bits");
        // NumPy refuses these too, even though they hold no elements
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[] {0, 1L << 32, 1L << 32}))
                .withMessageContaining("absurdly large");
    }

    @Test
    void rejectsNegativeDimensionsAndTooManyDimensions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[] {3, -1}))
                .withMessage("shape (3, -1) has a negative dimension");
        assertThat(new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[32]).shape()).hasSize(32);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[33]))
                .withMessage("shape has 33 dimensions; at most 32 are supported");
    }

    @Test
    void isImmutableAndComparesByValue() {
        long[] shape = {2, 3};
        NpyHeader header = new NpyHeader(NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, true, shape);
        shape[0] = 99;
        header.shape()[1] = 99;
        assertThat(header.shape()).containsExactly(2, 3);

        NpyHeader same = new NpyHeader(NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, true, new long[] {2, 3});
        assertThat(header).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(header).isNotEqualTo(new NpyHeader(NpyDtype.FLOAT32, ByteOrder.BIG_ENDIAN, true, new long[] {2, 3}));
        assertThat(header).hasToString("NpyHeader[dtype=FLOAT32, byteOrder=LITTLE_ENDIAN, fortranOrder=true, shape=(2, 3)]");
    }

    @Test
    void byteOrderOfOneByteTypesIsAlwaysLittleEndian() {
        NpyHeader header = new NpyHeader(NpyDtype.UINT8, ByteOrder.BIG_ENDIAN, false, new long[] {4});
        assertThat(header.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(header).isEqualTo(new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[] {4}));
    }

    @Test
    void writesShapesAsPythonTuples() {
        assertThat(NpyHeader.pythonTuple(new long[0])).isEqualTo("()");
        assertThat(NpyHeader.pythonTuple(new long[] {5})).isEqualTo("(5,)");
        assertThat(NpyHeader.pythonTuple(new long[] {6, 4, 5, 3})).isEqualTo("(6, 4, 5, 3)");
    }
}
