package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mixup.npy.Fixtures.Expected;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NpyWriterTests {

    /** The fixtures np.save wrote in the form NpyWriter writes: version 1.0, little-endian, C order. */
    static List<Expected> littleEndianCOrderFiles() {
        return Fixtures.expectedNpyFiles().stream()
                .filter(e -> e.version().equals("1.0") && e.order() == ByteOrder.LITTLE_ENDIAN && !e.fortranOrder())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("littleEndianCOrderFiles")
    void writesTheSameHeaderBytesAsNumpy(Expected expected) {
        NpyDtype dtype = Arrays.stream(NpyDtype.values())
                .filter(t -> t.numpyName().equals(expected.dtype())).findFirst().orElseThrow();
        byte[] file = Fixtures.bytes(expected.file());

        byte[] header = NpyWriter.header(dtype, expected.shape());

        assertThat(Arrays.copyOf(file, header.length)).isEqualTo(header);
        assertThat(file.length - header.length).as("data bytes after the header")
                .isEqualTo(expected.values().length * dtype.itemSize());
    }

    @Test
    void fixturesIncludeNumpysFullPaddingCase() {
        assertThat(littleEndianCOrderFiles()).extracting(Expected::file)
                .contains("aligned_edge.npy", "scalar.npy", "vector.npy", "empty.npy", "dtype_uint8.npy", "dtype_bool.npy");
        // The edge case: the header text alone would end exactly on a 64-byte boundary.
        byte[] header = Fixtures.bytes("aligned_edge.npy");
        assertThat(new String(header, 0, 192, java.nio.charset.StandardCharsets.ISO_8859_1)).endsWith(" ".repeat(64) + "\n");
    }

    @Test
    void writesAlignedVersion1HeadersThatReadBack() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            NpyDtype dtype = NpyDtype.values()[random.nextInt(NpyDtype.values().length)];
            int dimensions = random.nextInt(NpyHeader.MAX_DIMENSIONS + 1);
            long bound = 1L << Math.max(1, 56 / Math.max(dimensions, 1)); // keeps the byte count in a long
            long[] shape = random.longs(dimensions, 0, bound).toArray();

            byte[] header = NpyWriter.header(dtype, shape);

            assertThat(header.length % 64).isZero();
            assertThat(header[6]).isEqualTo((byte) 1);
            assertThat(header[7]).isEqualTo((byte) 0);
            assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
            NpyReader.Preamble preamble = NpyReader.readPreamble(new ByteArrayInputStream(header));
            assertThat(preamble.length()).isEqualTo(header.length);
            assertThat(preamble.header()).isEqualTo(new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape));
        }
    }

    @Test
    void refusesInvalidShapes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NpyWriter.header(NpyDtype.FLOAT32, 2, -3))
                .withMessage("shape (2, -3) has a negative dimension");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NpyWriter.header(NpyDtype.FLOAT32, new long[33]))
                .withMessage("shape has 33 dimensions; at most 32 are supported");
    }
}
