package dev.mixup.npy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CheckedInputStream;

/**
 * The data of one .npz member: exactly the bytes its header declares. With the last of them it
 * checks that the member ends there and that the CRC-32 matches the zip directory, so a member
 * that inflates to more than it declares (a zip bomb) costs one extra byte of inflation, and a
 * reader that consumed the whole stream without an exception has read intact data.
 */
final class MemberDataStream extends InputStream {

    private final CheckedInputStream in;
    private final long expectedCrc;
    private final String entryName;
    private final NpyHeader header;
    private long remaining;

    private MemberDataStream(CheckedInputStream in, long expectedCrc, String entryName, NpyHeader header) {
        this.in = in;
        this.expectedCrc = expectedCrc;
        this.entryName = entryName;
        this.header = header;
        this.remaining = header.dataBytes();
    }

    /**
     * {@code in} must be positioned at the first data byte, with the bytes before it already
     * checksummed. An empty array has no read that could carry the end checks, so they run here.
     */
    static MemberDataStream open(CheckedInputStream in, long expectedCrc, String entryName, NpyHeader header)
            throws IOException {
        MemberDataStream stream = new MemberDataStream(in, expectedCrc, entryName, header);
        if (stream.remaining == 0) {
            stream.verifyEnd();
        }
        return stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int count = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (count < 0) {
            throw NpzArchive.truncated(entryName, header, header.dataBytes() - remaining);
        }
        remaining -= count;
        if (remaining == 0) {
            verifyEnd();
        }
        return count;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void verifyEnd() throws IOException {
        if (in.read(new byte[1], 0, 1) >= 0) {
            throw new NpyFormatException("member " + Excerpt.quote(entryName) + " holds more data than its header"
                    + " declares: " + header.describe() + " = " + header.dataBytes() + " bytes");
        }
        long actualCrc = in.getChecksum().getValue();
        if (actualCrc != expectedCrc) {
            throw new NpyFormatException("member " + Excerpt.quote(entryName) + " is corrupt: its CRC-32 is "
                    + String.format("%08x", actualCrc) + " but the zip directory says " + String.format("%08x", expectedCrc));
        }
    }
}
