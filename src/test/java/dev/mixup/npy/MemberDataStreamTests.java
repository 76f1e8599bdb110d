package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.junit.jupiter.api.Test;

class MemberDataStreamTests {

    private static final NpyHeader IMAGES = new NpyHeader(NpyDtype.UINT8, ByteOrder.LITTLE_ENDIAN, false, new long[] {10, 32, 32, 3});

    private static final byte[] DATA = new byte[30720];

    static {
        Arrays.fill(DATA, (byte) 7);
    }

    private static InputStream open(NpyHeader header, byte[] source, long crc) throws IOException {
        return MemberDataStream.open(new CheckedInputStream(new ByteArrayInputStream(source), new CRC32()), crc, "x.npy", header);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void deliversExactlyTheDeclaredBytes() throws IOException {
        try (InputStream in = open(IMAGES, DATA, crc(DATA))) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void failsWhenTheMemberEndsEarly() throws IOException {
        try (InputStream in = open(IMAGES, Arrays.copyOf(DATA, 1000), crc(DATA))) {
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(in::readAllBytes)
                    .withMessage("member 'x.npy' is truncated: header declares (10, 32, 32, 3) uint8 = 30720 bytes, found 1000");
        }
    }

    @Test
    void failsOnTheLastByteWhenMoreFollows() throws IOException {
        byte[] longer = Arrays.copyOf(DATA, DATA.length + 1);
        try (InputStream in = open(IMAGES, longer, crc(DATA))) {
            assertThat(in.readNBytes(DATA.length - 1)).hasSize(DATA.length - 1);
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(in::read)
                    .withMessage("member 'x.npy' holds more data than its header declares: (10, 32, 32, 3) uint8 = 30720 bytes");
        }
    }

    @Test
    void failsOnTheLastByteWhenTheCrcDiffers() throws IOException {
        try (InputStream in = open(IMAGES, DATA, crc(DATA) ^ 1)) {
            assertThat(in.skip(DATA.length - 1)).isEqualTo(DATA.length - 1);
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(in::read)
                    .withMessage("member 'x.npy' is corrupt: its CRC-32 is %08x but the zip directory says %08x",
                            crc(DATA), crc(DATA) ^ 1);
        }
    }

    @Test
    void checksEmptyArraysWhenOpened() throws IOException {
        NpyHeader empty = new NpyHeader(NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, new long[] {0, 3});
        try (InputStream in = open(empty, new byte[0], 0)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> open(empty, new byte[] {1}, 0))
                .withMessage("member 'x.npy' holds more data than its header declares: (0, 3) float32 = 0 bytes");
    }
}
