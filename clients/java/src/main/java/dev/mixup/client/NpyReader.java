package dev.mixup.client;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads {@code .npy} arrays one after another from a stream in plain Java: ND4J's native reader aborts
 * the JVM on a malformed header and reads truncated data out of bounds, so it never sees these bytes.
 * The header is checked whole before anything is allocated, and the data goes straight into an
 * INDArray of exactly its size.
 */
final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads headers to 64 bytes; real ones are well under 1 KiB. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final DataInputStream in;
    private final byte[] chunk = new byte[CHUNK];

    NpyReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    INDArray read() throws IOException {
        NpyHeader header = header();
        INDArray array = Nd4j.createUninitialized(header.dtype().nd4j(), header.shape(), 'c');
        ByteBuffer target = array.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        long remaining = header.dataBytes();
        while (remaining > 0) {
            int n = in.read(chunk, 0, (int) Math.min(CHUNK, remaining));
            if (n < 0) {
                throw new EOFException("truncated .npy data: " + remaining + " of " + header.dataBytes() + " bytes missing");
            }
            target.put(chunk, 0, n);
            remaining -= n;
        }
        return array;
    }

    private NpyHeader header() throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException("not a .npy array: bad magic bytes");
        }
        int major = in.readUnsignedByte();
        int minor = in.readUnsignedByte();
        long length = switch (major) {
            case 1 -> Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            case 2, 3 -> Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            default -> throw new NpyFormatException("unsupported .npy version " + major + "." + minor);
        };
        if (minor != 0) {
            throw new NpyFormatException("unsupported .npy version " + major + "." + minor);
        }
        if (length > MAX_HEADER_BYTES) {
            throw new NpyFormatException(".npy header of " + length + " bytes (at most " + MAX_HEADER_BYTES + ")");
        }
        byte[] text = new byte[(int) length];
        in.readFully(text);
        if (length == 0 || text[text.length - 1] != '\n') {
            throw new NpyFormatException(".npy header does not end with a newline");
        }
        return NpyHeader.parse(new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }
}
