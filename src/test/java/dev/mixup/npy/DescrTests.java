package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DescrTests {

    @ParameterizedTest
    @EnumSource(NpyDtype.class)
    void readsBackWhatEveryDtypeWrites(NpyDtype dtype) throws NpyFormatException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteOrder expected = dtype.itemSize() == 1 ? ByteOrder.LITTLE_ENDIAN : order;
            assertThat(Descr.parse(dtype.descr(order))).isEqualTo(new Descr(dtype, expected));
        }
    }

    @Test
    void acceptsAnyOrderCharacterOnOneByteTypes() throws NpyFormatException {
        assertThat(Descr.parse("<u1")).isEqualTo(new Descr(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN));
        assertThat(Descr.parse(">i1")).isEqualTo(new Descr(NpyDtype.INT8, ByteOrder.LITTLE_ENDIAN));
        assertThat(Descr.parse("=b1")).isEqualTo(new Descr(NpyDtype.BOOL, ByteOrder.LITTLE_ENDIAN));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "|O;       unsupported dtype: '|O' holds Python objects, stored as a pickle, and pickles are never accepted",
            "|O8;      unsupported dtype: '|O8' holds Python objects, stored as a pickle",
            "|V16;     unsupported dtype: '|V16' is a void (raw bytes) dtype",
            "|S3;      unsupported dtype: '|S3' holds byte strings",
            "|a3;      unsupported dtype: '|a3' holds byte strings",
            "<U7;      unsupported dtype: '<U7' holds unicode strings",
            "<c16;     unsupported dtype: '<c16' holds complex numbers",
            "<M8[ns];  unsupported dtype: '<M8[ns]' holds datetime64 values",
            "<m8[s];   unsupported dtype: '<m8[s]' holds timedelta64 values",
            "<f16;     unsupported dtype: '<f16' is not a supported dtype",
            "<i3;      unsupported dtype: '<i3' is not a supported dtype",
            "<x4;      unsupported dtype: '<x4' is not a supported dtype",
            "<f;       unsupported dtype: '<f' is not a supported dtype",
            "<i4[ns];  unsupported dtype: '<i4[ns]' is not a supported dtype",
            "f4;       unsupported dtype: 'f4' is not a NumPy dtype descr",
            "float32;  unsupported dtype: 'float32' is not a NumPy dtype descr",
            "` <f4`;   unsupported dtype: ' <f4' is not a NumPy dtype descr",
            "=f4;      unsupported dtype: '=f4' does not say its byte order; multi-byte dtypes need '<' (little-endian) or '>' (big-endian)",
            "|f4;      unsupported dtype: '|f4' does not say its byte order",
    })
    void rejectsEverythingElseSayingWhatItIs(String descr, String message) {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> Descr.parse(descr))
                .withMessageStartingWith(message);
    }

    @Test
    void listsTheSupportedDtypes() {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> Descr.parse("<c8"))
                .withMessageEndingWith("; supported dtypes are bool, int8, uint8, int16, uint16, int32, uint32,"
                        + " int64, uint64, float16, float32, float64");
    }

    @Test
    void quotesHostileDescrsShortAndEscaped() {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> Descr.parse("<f4\u202e" + "x".repeat(10_000)))
                .withMessageStartingWith("unsupported dtype: '<f4\\u202exxx")
                .withMessageContaining("x...' is not a NumPy dtype descr")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
