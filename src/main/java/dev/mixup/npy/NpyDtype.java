package dev.mixup.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The numeric NumPy dtypes this package reads and writes; anything else is rejected. */
public enum NpyDtype {
    BOOL('b', 1, "bool"),
    INT8('i', 1, "int8"),
    UINT8('u', 1, "uint8"),
    INT16('i', 2, "int16"),
    UINT16('u', 2, "uint16"),
    INT32('i', 4, "int32"),
    UINT32('u', 4, "uint32"),
    INT64('i', 8, "int64"),
    UINT64('u', 8, "uint64"),
    FLOAT16('f', 2, "float16"),
    FLOAT32('f', 4, "float32"),
    FLOAT64('f', 8, "float64");

    private final char kind;
    private final int itemSize;
    private final String numpyName;

    NpyDtype(char kind, int itemSize, String numpyName) {
        this.kind = kind;
        this.itemSize = itemSize;
        this.numpyName = numpyName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for {@link #BOOL} and every signed or unsigned integer type. */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** NumPy's name for the dtype, as in {@code np.dtype("uint8").name}. */
    public String numpyName() {
        return numpyName;
    }

    /**
     * The descr string of a .npy header, such as {@code "<f4"}. One-byte types get NumPy's
     * {@code '|'} ("byte order not applicable") whatever {@code order} is.
     */
    public String descr(ByteOrder order) {
        char orderChar = itemSize == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return "" + orderChar + kind + itemSize;
    }

    /**
     * The element at {@code byteOffset} of {@code buffer}, decoded in the buffer's own byte order.
     * Values of 64-bit integers beyond 2^53 are rounded to the nearest double.
     */
    public double getAsDouble(ByteBuffer buffer, int byteOffset) {
        return switch (this) {
            case BOOL -> buffer.get(byteOffset) != 0 ? 1 : 0;
            case INT8 -> buffer.get(byteOffset);
            case UINT8 -> Byte.toUnsignedInt(buffer.get(byteOffset));
            case INT16 -> buffer.getShort(byteOffset);
            case UINT16 -> Short.toUnsignedInt(buffer.getShort(byteOffset));
            case INT32 -> buffer.getInt(byteOffset);
            case UINT32 -> Integer.toUnsignedLong(buffer.getInt(byteOffset));
            case INT64 -> buffer.getLong(byteOffset);
            case UINT64 -> unsignedToDouble(buffer.getLong(byteOffset));
            case FLOAT16 -> Float.float16ToFloat(buffer.getShort(byteOffset));
            case FLOAT32 -> buffer.getFloat(byteOffset);
            case FLOAT64 -> buffer.getDouble(byteOffset);
        };
    }

    /** The dtype with this descr kind character and item size, if it is one we support. */
    static Optional<NpyDtype> of(char kind, int itemSize) {
        return Arrays.stream(values()).filter(t -> t.kind == kind && t.itemSize == itemSize).findFirst();
    }

    /** "bool, int8, ..., float64", for error messages. */
    static String supportedNames() {
        return Arrays.stream(values()).map(NpyDtype::numpyName).collect(Collectors.joining(", "));
    }

    /**
     * Correctly rounded: halving (keeping the lowest bit as a sticky bit so ties still round to
     * even) brings the value into signed range without a second rounding step.
     */
    private static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        return ((value >>> 1) | (value & 1)) * 2.0;
    }
}
