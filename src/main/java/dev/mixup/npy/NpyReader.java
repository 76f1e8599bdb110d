package dev.mixup.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Reads .npy headers (format versions 1.0, 2.0 and 3.0) strictly, from untrusted input. */
public final class NpyReader {

    /** The first six bytes of every .npy file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * Headers longer than this are rejected before they are read. It is version 1.0's own limit;
     * a header we accept needs well under 1,000 bytes (NumPy itself refuses 10,000 by default and
     * only writes version 2.0 for huge structured dtypes, which are not accepted anyway).
     */
    static final int MAX_HEADER_LENGTH = 65535;

    private NpyReader() {
    }

    /**
     * Reads the magic string, the version, and the header, and leaves {@code in} at the first
     * byte of the data: exactly the header's bytes are consumed, never more.
     *
     * @throws NpyFormatException if the input is not a .npy file we accept, saying why
     */
    public static NpyHeader readHeader(InputStream in) throws IOException {
        return readPreamble(in).header();
    }

    /** A parsed header and the number of bytes before the data (magic, version, length, header). */
    record Preamble(NpyHeader header, int length) {
    }

    static Preamble readPreamble(InputStream in) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        if (start.length == 0) {
            throw new NpyFormatException("not a .npy file: it is empty");
        }
        int compared = Math.min(start.length, MAGIC.length);
        if (!Arrays.equals(start, 0, compared, MAGIC, 0, compared)) {
            throw new NpyFormatException("not a .npy file: it starts with the bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(start) + " instead of the magic string \\x93NUMPY");
        }
        if (start.length < MAGIC.length + 2) {
            throw truncated("magic string and version", start.length, MAGIC.length + 2);
        }
        int major = Byte.toUnsignedInt(start[6]);
        int minor = Byte.toUnsignedInt(start[7]);
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + "; supported versions are 1.0, 2.0 and 3.0");
        }
        int lengthFieldSize = major == 1 ? 2 : 4;
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        long headerLength = littleEndianUnsigned(readExactly(in, lengthFieldSize, "header length"));
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new NpyFormatException("the .npy header is " + headerLength + " bytes long; at most "
                    + MAX_HEADER_LENGTH + " bytes are accepted");
        }
        String text = decode(readExactly(in, (int) headerLength, "header"), charset);
        return new Preamble(HeaderParser.parse(text), start.length + lengthFieldSize + (int) headerLength);
    }

    private static byte[] readExactly(InputStream in, int length, String part) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw truncated(part, bytes.length, length);
        }
        return bytes;
    }

    private static long littleEndianUnsigned(byte[] bytes) {
        long value = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            value = value << 8 | Byte.toUnsignedInt(bytes[i]);
        }
        return value;
    }

    /** Version 3.0 headers are UTF-8, the others latin-1; a fresh decoder reports malformed input. */
    private static String decode(byte[] header, Charset charset) throws NpyFormatException {
        try {
            return charset.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("the .npy header is not valid UTF-8, as format version 3.0 requires");
        }
    }

    private static NpyFormatException truncated(String part, int found, int expected) {
        return new NpyFormatException("the .npy file is truncated: it ends in the " + part + " (" + found
                + " of " + expected + " bytes)");
    }
}
