package dev.mixup.dataset;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The SHA-256 of a written file, read back from the page cache on a thread of its own while the
 * caller goes on: an upload's time is hashing (twice) and forcing the dataset to disk, and the
 * hashing can use the other core while the disk works.
 */
final class FileSha256 implements AutoCloseable {

    private static final int CHUNK_BYTES = 1 << 20;

    private final FutureTask<String> task;
    private volatile boolean stopped;

    private FileSha256(Path file) {
        this.task = new FutureTask<>(() -> hash(file));
        // a platform thread: hashing is CPU work that would hold a virtual thread's carrier
        Thread.ofPlatform().name("mixup-sha256").daemon().start(task);
    }

    static FileSha256 start(Path file) {
        return new FileSha256(file);
    }

    /** Waits for the digest, as lowercase hex. */
    String join() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException cause) {
                throw cause;
            }
            throw new IllegalStateException("hashing failed", e.getCause());
        }
    }

    /** A digest nobody waits for any more (a refused upload) stops at its next chunk. */
    @Override
    public void close() {
        stopped = true;
    }

    static MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String hash(Path file) throws IOException {
        MessageDigest sha256 = messageDigest();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        try (FileChannel channel = FileChannel.open(file)) {
            while (!stopped && channel.read(buffer.clear()) >= 0) {
                sha256.update(buffer.flip());
            }
        }
        if (stopped) {
            throw new IOException("stopped before the end of " + file.getFileName());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
