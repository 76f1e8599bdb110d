package dev.mixup.dataset;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file's SHA-256 computed on the side is the file's SHA-256, and one nobody waits for stops. */
class FileSha256Tests {

    @TempDir
    Path work;

    @Test
    void isTheSha256OfEveryByteOfTheFile() throws IOException {
        byte[] bytes = new byte[3 * (1 << 20) + 12345];
        new Random(5).nextBytes(bytes);
        Path file = Files.write(work.resolve("x.npy"), bytes);

        try (FileSha256 sha256 = FileSha256.start(file)) {
            assertThat(sha256.join()).isEqualTo(HexFormat.of().formatHex(FileSha256.messageDigest().digest(bytes)));
        }
    }

    @Test
    void anEmptyFileHasTheDigestOfNothing() throws IOException {
        try (FileSha256 sha256 = FileSha256.start(Files.createFile(work.resolve("empty")))) {
            assertThat(sha256.join()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    @Test
    void aFileThatCannotBeReadFailsTheJoinWithItsError() {
        try (FileSha256 sha256 = FileSha256.start(work.resolve("missing"))) {
            assertThatThrownBy(sha256::join).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void closedBeforeTheEndItStopsWithinAChunk() throws IOException {
        Path file = work.resolve("large");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(4L << 30); // seconds of hashing, none of disk
        }
        FileSha256 sha256 = FileSha256.start(file);

        sha256.close();

        long start = System.nanoTime();
        assertThatThrownBy(sha256::join).isInstanceOf(IOException.class).hasMessage("stopped before the end of large");
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }
}
