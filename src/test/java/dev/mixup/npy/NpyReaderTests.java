package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.mixup.npy.Fixtures.Expected;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NpyReaderTests {

    private static final String HEADER = "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }\n";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mixup.npy.Fixtures#expectedNpyFiles")
    void readsWhatNumpyWrote(Expected expected) throws IOException {
        byte[] file = Fixtures.bytes(expected.file());
        assertThat(file[6] + "." + file[7]).as("format version").isEqualTo(expected.version());
        try (InputStream in = new ByteArrayInputStream(file)) {
            NpyHeader header = NpyReader.readHeader(in);
            assertThat(header.dtype().numpyName()).isEqualTo(expected.dtype());
            assertThat(header.byteOrder()).isEqualTo(expected.order());
            assertThat(header.fortranOrder()).isEqualTo(expected.fortranOrder());
            assertThat(header.shape()).isEqualTo(expected.shape());
            byte[] data = in.readAllBytes();
            assertThat((long) data.length).isEqualTo(header.dataBytes());
            assertThat(Fixtures.decode(header, data)).containsExactly(expected.values());
        }
    }

    @Test
    void fixturesCoverEveryDtypeInBothByteOrdersAndEveryVersion() {
        var files = Fixtures.expectedNpyFiles();
        for (NpyDtype dtype : NpyDtype.values()) {
            assertThat(files).as(dtype.numpyName()).anyMatch(e -> e.dtype().equals(dtype.numpyName())
                    && e.order() == ByteOrder.LITTLE_ENDIAN);
            if (dtype.itemSize() > 1) {
                assertThat(files).as(dtype.numpyName()).anyMatch(e -> e.dtype().equals(dtype.numpyName())
                        && e.order() == ByteOrder.BIG_ENDIAN);
            }
        }
        assertThat(files).extracting(Expected::version).contains("1.0", "2.0", "3.0");
        assertThat(files).anyMatch(Expected::fortranOrder);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "hostile_object.npy;           unsupported dtype: '|O' holds Python objects, stored as a pickle, and pickles are never accepted",
            "hostile_structured.npy;       unsupported dtype: structured (record) arrays with named fields are not supported",
            "hostile_unicode.npy;          unsupported dtype: '<U3' holds unicode strings",
            "hostile_bytes.npy;            unsupported dtype: '|S3' holds byte strings",
            "hostile_complex.npy;          unsupported dtype: '<c8' holds complex numbers",
            "hostile_datetime.npy;         unsupported dtype: '<M8[D]' holds datetime64 values",
            "hostile_timedelta.npy;        unsupported dtype: '<m8[s]' holds timedelta64 values",
            "hostile_void.npy;             unsupported dtype: '|V4' is a void (raw bytes) dtype",
            "hostile_longdouble.npy;       unsupported dtype: '<f16' is not a supported dtype",
            "hostile_bad_magic.npy;        not a .npy file: it starts with the bytes 4e 55 4d 50 59 21 01 00 instead of the magic string \\x93NUMPY",
            "hostile_version.npy;          unsupported .npy format version 4.0; supported versions are 1.0, 2.0 and 3.0",
            "hostile_truncated_header.npy; the .npy file is truncated: it ends in the header (30 of 118 bytes)",
            "hostile_absurd_shape.npy;     invalid .npy header: shape (4294967296, 4294967296, 4294967296) float64 is absurdly large",
    })
    void rejectsHostileFiles(String fixture, String message) throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.path(fixture))) {
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> NpyReader.readHeader(in))
                    .withMessageStartingWith(message);
        }
    }

    @Test
    void consumesExactlyTheHeaderEvenWhenItIsNotAligned() throws IOException {
        byte[] data = {1, 0, 2, 0, 42};
        ByteArrayInputStream in = new ByteArrayInputStream(NpyBytes.npy(1, 0, HEADER.getBytes(StandardCharsets.ISO_8859_1), data));
        assertThat(NpyReader.readHeader(in).shape()).containsExactly(2);
        assertThat(in.readAllBytes()).containsExactly(data);
    }

    @Test
    void readsAllThreeVersions() throws IOException {
        for (int major = 1; major <= 3; major++) {
            byte[] npy = NpyBytes.npy(major, 0, HEADER.getBytes(StandardCharsets.US_ASCII), new byte[4]);
            assertThat(NpyBytes.read(npy)).isEqualTo(new NpyHeader(NpyDtype.INT16, ByteOrder.LITTLE_ENDIAN, false, new long[] {2}));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "2, 1", "3, 1", "4, 0", "255, 255"})
    void rejectsUnknownVersions(int major, int minor) {
        byte[] npy = NpyBytes.npy(major, minor, HEADER.getBytes(StandardCharsets.US_ASCII), new byte[4]);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(npy))
                .withMessage("unsupported .npy format version " + major + "." + minor + "; supported versions are 1.0, 2.0 and 3.0");
    }

    @Test
    void decodesVersion3HeadersAsUtf8AndOlderOnesAsLatin1() {
        byte[] header = (HEADER.replace("}", "} \u00e9")).getBytes(StandardCharsets.UTF_8);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(NpyBytes.npy(3, 0, header, new byte[4])))
                .withMessageContaining("found '\\xe9\\n'");
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(NpyBytes.npy(2, 0, header, new byte[4])))
                .withMessageContaining("found '\\xc3\\xa9\\n'");

        byte[] invalidUtf8 = HEADER.replace("\n", "\u00ff\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(NpyBytes.npy(3, 0, invalidUtf8, new byte[4])))
                .withMessage("the .npy header is not valid UTF-8, as format version 3.0 requires");
    }

    @Test
    void acceptsHeadersUpTo65535BytesAndRefusesLongerOnesBeforeReadingThem() throws IOException {
        String padded = HEADER.replace("\n", " ".repeat(65535 - HEADER.length()) + "\n");
        assertThat(NpyBytes.read(NpyBytes.npy(2, 0, padded.getBytes(StandardCharsets.US_ASCII), new byte[0])).shape())
                .containsExactly(2);

        byte[] tooLong = NpyBytes.npy(2, 0, (" " + padded).getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(tooLong))
                .withMessage("the .npy header is 65536 bytes long; at most 65535 bytes are accepted");

        // a 4 GiB length with nothing behind it: rejected by the bound, not by running out of input
        byte[] huge = Arrays.copyOf(NpyBytes.npy(2, 0, new byte[0], new byte[0]), 12);
        Arrays.fill(huge, 8, 12, (byte) 0xFF);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(huge))
                .withMessage("the .npy header is 4294967295 bytes long; at most 65535 bytes are accepted");
    }

    @Test
    void saysWhereAShortFileEnds() {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(new byte[0]))
                .withMessage("not a .npy file: it is empty");
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(new byte[] {(byte) 0x93, 'N', 'U', 'M'}))
                .withMessage("the .npy file is truncated: it ends in the magic string and version (4 of 8 bytes)");
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5}))
                .withMessage("the .npy file is truncated: it ends in the header length (1 of 2 bytes)");
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(new byte[] {'P', 'K', 3, 4}))
                .withMessage("not a .npy file: it starts with the bytes 50 4b 03 04 instead of the magic string \\x93NUMPY");
    }

    @Test
    void rejectsAnEmptyHeader() {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpyBytes.read(NpyBytes.v1("")))
                .withMessage("invalid .npy header '': it does not end with a newline");
    }
}
