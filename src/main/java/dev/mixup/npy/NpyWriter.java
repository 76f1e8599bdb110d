package dev.mixup.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes .npy headers exactly as NumPy's {@code np.save} does. */
public final class NpyWriter {

    /** Bytes before the header text in version 1.0: magic, version, uint16 header length. */
    private static final int PREAMBLE_V1 = NpyReader.MAGIC.length + 2 + 2;

    /** The data starts at a multiple of this, so it can be memory-mapped and read aligned. */
    private static final int ALIGNMENT = 64;

    /** NumPy leaves room for the growing axis to reach this many digits, for in-place appends. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpyWriter() {
    }

    /**
     * A complete version 1.0 header for a little-endian, C-order array: magic string, version,
     * header length, and the header dict padded with spaces and a final newline so the data
     * starts at a multiple of 64 bytes. Byte for byte what NumPy writes for the same array,
     * including NumPy's quirks: spare spaces for the first axis to grow, and a full 64 bytes of
     * padding when the header would already end aligned.
     *
     * @throws IllegalArgumentException if the shape is not valid (see {@link NpyHeader})
     */
    public static byte[] header(NpyDtype dtype, long... shape) {
        new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape); // validates the shape
        StringBuilder text = new StringBuilder()
                .append("{'descr': '").append(dtype.descr(ByteOrder.LITTLE_ENDIAN))
                .append("', 'fortran_order': False, 'shape': ").append(NpyHeader.pythonTuple(shape))
                .append(", }");
        if (shape.length > 0) {
            text.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
        }
        int unpadded = PREAMBLE_V1 + text.length() + 1;
        text.repeat(' ', ALIGNMENT - unpadded % ALIGNMENT).append('\n');
        // At most 32 dimensions keep the header far below version 1.0's 65535-byte limit.
        return ByteBuffer.allocate(PREAMBLE_V1 + text.length())
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(NpyReader.MAGIC)
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) text.length())
                .put(text.toString().getBytes(StandardCharsets.ISO_8859_1))
                .array();
    }
}
