package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams an upload to a temporary file, counting it, never holding it in memory ({@link FileSha256}
 * hashes the file). The disk space is claimed first: all of it when the length is declared, else as
 * the bytes arrive.
 */
final class UploadSpool {

    private UploadSpool() {
    }

    record Spooled(Path file, long bytes) {
    }

    /** @param declaredLength the Content-Length, or -1 when the body is chunked */
    static Spooled spool(InputStream body, long declaredLength, Path file, long maxBytes, DiskSpace disk)
            throws IOException {
        long total = 0;
        long claimed = Math.max(declaredLength, 0);
        byte[] buffer = new byte[1 << 16];
        try (DiskSpace.Claim claim = disk.claim(claimed, "the upload");
             OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = read(body, buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new UploadTooLargeException(maxBytes);
                }
                if (total > claimed) {
                    claim.extend(total - claimed);
                    claimed = total;
                }
                out.write(buffer, 0, n);
                claim.written(n);
            }
        }
        return new Spooled(file, total);
    }

    /** An upload the servlet container has already spooled and moved to {@code file}. */
    static Spooled received(Path file) throws IOException {
        return new Spooled(file, Files.size(file));
    }

    /** A body that breaks off (client gone, bad chunking) is the client's problem, not a server error. */
    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new InvalidDatasetException("the upload broke off before its end: " + e.getMessage());
        }
    }
}
