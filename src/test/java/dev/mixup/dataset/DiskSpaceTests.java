package dev.mixup.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Free space is handed out once: concurrent writes cannot together fill the disk, and a floor stays free. */
class DiskSpaceTests {

    private static final long MB = 1 << 20;

    /** 100 MB in all, so the floor is 1 MB. */
    private final FakeFileStore store = new FakeFileStore(100 * MB, 11 * MB);
    private final DiskSpace disk = disk(store);

    private static DiskSpace disk(FakeFileStore store) {
        try {
            return new DiskSpace(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spaceClaimedByOneWriteIsNotHandedOutAgainUntilItIsReleased() {
        DiskSpace.Claim first = disk.claim(6 * MB, "the first upload");

        assertThatThrownBy(() -> disk.claim(6 * MB, "the second upload"))
                .isInstanceOf(InsufficientStorageException.class)
                .hasMessageContaining("no room for the second upload: it needs 6291456 bytes (6.0 MB), 4194304 bytes (4.0 MB) are free")
                .hasMessageContaining("1048576 bytes (1.0 MB) kept for session state");

        first.close();
        disk.claim(6 * MB, "the second upload").close();
    }

    @Test
    void bytesWrittenLeaveTheClaimBecauseTheFileSystemCountsThemItself() {
        DiskSpace.Claim upload = disk.claim(6 * MB, "the upload");
        upload.written(2 * MB);
        store.usable(9 * MB);

        disk.claim(4 * MB, "another upload").close();
        assertThatThrownBy(() -> disk.claim(4 * MB + 1, "another upload")).isInstanceOf(InsufficientStorageException.class);
        upload.close();
    }

    @Test
    void theFloorStaysFreeForSessionState() {
        store.usable(MB + 400_000);

        disk.check(400_000, "a statistics file");
        assertThatThrownBy(() -> disk.check(400_001, "a statistics file")).isInstanceOf(InsufficientStorageException.class);
    }

    @Test
    void aWriteStopsEarlyWhenSomethingElseFillsTheDisk() {
        store.usable(50 * MB);
        DiskSpace.Claim dataset = disk.claim(40 * MB, "a dataset");
        store.usable(10 * MB);

        assertThatThrownBy(() -> dataset.written(16 * MB))
                .isInstanceOf(InsufficientStorageException.class)
                .hasMessageContaining("no room for a dataset");
    }

    @Test
    void aFullDiskOrQuotaIsInsufficientStorageAndOtherErrorsAreNot() {
        assertThat(disk.failure("x.npy", new IOException("No space left on device")))
                .isInstanceOf(InsufficientStorageException.class)
                .hasMessageContaining("the data directory is full: cannot write x.npy");
        assertThat(disk.failure("x.npy", new IOException("wrapped", new FileSystemException("x.npy", null, "Disk quota exceeded"))))
                .isInstanceOf(InsufficientStorageException.class);
        assertThat(disk.failure("x.npy", new IOException("Input/output error"))).isInstanceOf(UncheckedIOException.class);

        store.usable(MB / 2);
        assertThat(disk.failure("x.npy", new IOException("Input/output error")))
                .as("any write error on a disk that is full but for the floor").isInstanceOf(InsufficientStorageException.class);
    }
}
