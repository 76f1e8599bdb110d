package dev.mixup.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The free space of the data directory's file system. A write claims what it will write before
 * its first byte, so concurrent uploads cannot together fill the disk, and a floor (1 % of the file
 * system, at most 64 MB) stays free for session state. Claims cover only bytes not yet written:
 * what is written already shows in the file system's own count.
 */
@Component
public class DiskSpace {

    private static final long MAX_FLOOR = 64L << 20;

    /** How the operating system says "disk full" (ENOSPC, EDQUOT; Windows' ERROR_DISK_FULL). */
    private static final List<String> FULL_MESSAGES =
            List.of("No space left on device", "Disk quota exceeded", "There is not enough space on the disk");

    private final FileStore store;
    private final long floor;
    private long promised;

    @Autowired
    public DiskSpace(DataDirectory directory) throws IOException {
        this(Files.getFileStore(directory.root()));
    }

    DiskSpace(FileStore store) throws IOException {
        this.store = store;
        this.floor = Math.min(MAX_FLOOR, store.getTotalSpace() / 100);
    }

    /** Bytes the file system can still take, as it reports them. */
    long usableBytes() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + store, e);
        }
    }

    /** Fails unless {@code bytes} fit now, beside what other writes were promised and the floor. */
    public void check(long bytes, String what) {
        synchronized (this) {
            long available = available();
            if (bytes > available) {
                throw noRoom(what, bytes, available);
            }
        }
    }

    /** Claims {@code bytes} for a write about to start; close the claim when the write is done or abandoned. */
    Claim claim(long bytes, String what) {
        Claim claim = new Claim(what);
        claim.extend(bytes);
        return claim;
    }

    /**
     * What a failed write into the data directory means for the request: {@code 507} when the disk
     * (or quota) is full, else an I/O error of the server. The caller has removed what it wrote.
     */
    RuntimeException failure(String what, IOException e) {
        if (isFull(e) || usableBytes() < floor) {
            // the file's name says which stage failed; its directory is nobody's business
            String file = e instanceof FileSystemException f && f.getFile() != null
                    ? Path.of(f.getFile()).getFileName() + ", " : "";
            return new InsufficientStorageException("the data directory is full: cannot write " + what + " (" + file
                    + Sizes.describe(usableBytes()) + " free); free space in mixup.data-dir or delete datasets", e);
        }
        return new UncheckedIOException("cannot write " + what, e);
    }

    /** Whether {@code failure} (or a cause) is the operating system saying the disk or quota is full. */
    public static boolean isFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (message != null && FULL_MESSAGES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    private long available() {
        return usableBytes() - promised - floor;
    }

    private InsufficientStorageException noRoom(String what, long bytes, long available) {
        return new InsufficientStorageException("the data directory has no room for " + what + ": it needs "
                + Sizes.describe(bytes) + ", " + Sizes.describe(Math.max(0, available)) + " are free (beyond "
                + Sizes.describe(floor) + " kept for session state); free space in mixup.data-dir or delete datasets", null);
    }

    /** Free space promised to one write; {@link #written} as the bytes land, {@link #close} at the end. */
    final class Claim implements AutoCloseable {

        /** The file system may fill from outside the service; look again after this many bytes. */
        private static final long RECHECK_BYTES = 16L << 20;

        private final String what;
        private long outstanding;
        private long sinceCheck;

        private Claim(String what) {
            this.what = what;
        }

        /** Claims {@code bytes} more (an upload of unknown length claims as it arrives). */
        void extend(long bytes) {
            synchronized (DiskSpace.this) {
                long available = available();
                if (bytes > available) {
                    throw noRoom(what, outstanding + bytes, outstanding + available);
                }
                promised += bytes;
                outstanding += bytes;
            }
        }

        /**
         * {@code bytes} of the claim are now on disk. Fails early, before the disk is full, once the
         * file system can no longer hold everything promised.
         */
        void written(long bytes) {
            synchronized (DiskSpace.this) {
                long done = Math.min(bytes, outstanding);
                outstanding -= done;
                promised -= done;
                sinceCheck += bytes;
                if (sinceCheck >= RECHECK_BYTES) {
                    sinceCheck = 0;
                    if (usableBytes() < promised) {
                        throw noRoom(what, outstanding, Math.max(0, usableBytes() - (promised - outstanding)));
                    }
                }
            }
        }

        @Override
        public void close() {
            synchronized (DiskSpace.this) {
                promised -= outstanding;
                outstanding = 0;
            }
        }
    }
}
