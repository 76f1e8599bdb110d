package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams an upload to a temporary file, counting and hashing it, never holding it in memory. The
 * disk space is claimed first: all of it when the length is declared, else as the bytes arrive.
 */
final class UploadSpool {

    private UploadSpool() {
    }

    record Spooled(Path file, long bytes, String sha256) {
    }

    /** @param declaredLength the Content-Length, or -1 when the body is chunked */
    static Spooled spool(InputStream body, long declaredLength, Path file, long maxBytes, DiskSpace disk)
            throws IOException {
        MessageDigest sha256 = sha256();
        long total = 0;
        long claimed = Math.max(declaredLength, 0);
        byte[] buffer = new byte[1 << 16];
        try (DiskSpace.Claim claim = disk.claim(claimed, "the upload");
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
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
        return new Spooled(file, total, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Size and hash of an upload the servlet container has already spooled and moved to {@code file}. */
    static Spooled received(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new Spooled(file, Files.size(file), HexFormat.of().formatHex(sha256.digest()));
    }

    /** A body that breaks off (client gone, bad chunking) is the client's problem, not a server error. */
    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new InvalidDatasetException("the upload broke off before its end: " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
