package dev.mixup.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import dev.mixup.testing.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A dataset's files are sized before they are written, and none grows past its plan while written. */
class StagedFilesTests {

    private static final long MB = 1 << 20;

    @TempDir
    Path work;

    private final FakeFileStore store = new FakeFileStore(1000 * MB, 100 * MB);

    private StagedFiles staged(long maxBytes) throws IOException {
        return new StagedFiles(work.resolve("staging"), "toy", maxBytes, new DiskSpace(store));
    }

    @Test
    void aDatasetOverTheLimitIsRefusedWhilePlannedNamingEveryFile() throws IOException {
        try (StagedFiles files = staged(5000)) {
            files.plan("x.npy", "(10, 10, 10) uint8", 4000);

            assertThatThrownBy(() -> files.plan("label-0.npy", "'y' one-hot (10, 100) float32", 4128))
                    .isInstanceOf(DatasetTooLargeException.class)
                    .hasMessage("dataset 'toy' would take 8128 bytes (7.9 KB) on disk (x.npy (10, 10, 10) uint8 = 4000,"
                            + " label-0.npy 'y' one-hot (10, 100) float32 = 4128), more than mixup.max-dataset-bytes ="
                            + " 5000 bytes (4.9 KB); send fewer or smaller arrays, or raise the limit");
        }
        assertThat(work.resolve("staging")).doesNotExist();
    }

    @Test
    void sizesTooLargeToCountAreOverAnyLimit() throws IOException {
        try (StagedFiles files = staged(Long.MAX_VALUE - 1)) {
            files.plan("x.npy", "huge", Long.MAX_VALUE - 10);
            assertThatThrownBy(() -> files.plan("label-0.npy", "huge", Long.MAX_VALUE - 10))
                    .isInstanceOf(DatasetTooLargeException.class);
        }
    }

    @Test
    void aDatasetThatDoesNotFitOnTheDiskIsRefusedBeforeItsFirstByte() throws IOException {
        try (StagedFiles files = staged(Long.MAX_VALUE)) {
            files.plan("x.npy", "(100, 1024, 1024) uint8", 100 * MB);

            assertThatThrownBy(files::claimSpace).isInstanceOf(InsufficientStorageException.class)
                    .hasMessageContaining("no room for dataset 'toy' (x.npy (100, 1024, 1024) uint8 = 104857600)");
        }
        assertThat(work.resolve("staging")).doesNotExist();
    }

    @Test
    void aFileCannotGrowPastItsPlan() throws IOException {
        try (StagedFiles files = staged(MB)) {
            files.plan("x.npy", "(100,) uint8", 100);
            files.claimSpace();
            try (OutputStream out = files.create("x.npy")) {
                out.write(new byte[60]);
                out.write(new byte[40]);
                assertThatThrownBy(() -> out.write(1)).isInstanceOf(DatasetTooLargeException.class)
                        .hasMessageContaining("x.npy grew past the 100 bytes its header declares");
            }
            assertThatThrownBy(() -> files.create("label-0.npy")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(work.resolve("staging/x.npy")).hasSize(100);
    }

    @Test
    void closingTheFilesClosesWhatAFailedImportLeftOpen() throws IOException {
        OutputStream out;
        try (StagedFiles files = staged(MB)) {
            files.plan("x.npy", "(100,) uint8", 100);
            files.claimSpace();
            out = files.create("x.npy");
            out.write(new byte[60]);
        }
        assertThatThrownBy(() -> out.write(new byte[10])).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void eachWrittenFileIsRecordedWithItsSizeAndSha256() throws IOException {
        byte[] bytes = new byte[3 * (int) MB + 7];
        new Random(3).nextBytes(bytes);
        try (StagedFiles files = staged(10 * MB)) {
            files.plan("x.npy", "(3145735,) uint8", bytes.length);
            files.claimSpace();
            try (OutputStream out = files.create("x.npy")) {
                out.write(bytes, 0, 1000);
                out.write(bytes, 1000, bytes.length - 1000);
            }
            assertThat(files.written()).containsExactly(Map.entry("x.npy",
                    new StoredFile(bytes.length, HexFormat.of().formatHex(FileSha256.messageDigest().digest(bytes)))));
        }
    }

    /** The disk claims to have room, but the file system (a real 1 MB tmpfs) runs out mid-write. */
    @Test
    void runningIntoTheRealEndOfTheDiskIsInsufficientStorage() throws Exception {
        try (SmallDisk small = SmallDisk.mount("staged-files", MB)) {
            DiskSpace optimistic = new DiskSpace(store);
            try (StagedFiles files = new StagedFiles(small.directory().resolve("staging"), "toy", 10 * MB, optimistic)) {
                files.plan("x.npy", "(2097152,) uint8", 2 * MB);
                files.claimSpace();
                Throwable full;
                try (OutputStream out = files.create("x.npy")) {
                    full = catchThrowable(() -> out.write(new byte[(int) (2 * MB)]));
                }
                assertThat(full).isInstanceOf(IOException.class);
                assertThat(optimistic.failure("x.npy", (IOException) full)).isInstanceOf(InsufficientStorageException.class);
            }
        }
    }
}
