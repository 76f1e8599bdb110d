package dev.mixup.npy;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a .npy header says about the array that follows it.
 *
 * <p>Every instance is valid: at most {@value #MAX_DIMENSIONS} non-negative dimensions whose
 * size in bytes fits in a {@code long}, so {@link #elementCount()} and {@link #dataBytes()}
 * never overflow. The shape array is copied in and out, so instances are immutable and compare
 * by value.
 *
 * @param byteOrder    the order of multi-byte elements; always little-endian for one-byte dtypes,
 *                     where it does not apply
 * @param fortranOrder whether the data is stored column-major (reported, never converted here)
 */
public record NpyHeader(NpyDtype dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape) {

    /** NumPy 1's limit (NumPy 2 allows 64); no dataset comes close to it. */
    static final int MAX_DIMENSIONS = 32;

    /** @throws IllegalArgumentException if the shape is not valid, see the class comment */
    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(byteOrder, "byteOrder");
        shape = shape.clone();
        if (dtype.itemSize() == 1) {
            byteOrder = ByteOrder.LITTLE_ENDIAN;
        }
        checkShape(dtype, shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The product of the shape; 1 for a scalar (shape {@code ()}). */
    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension; // cannot overflow: checkShape bounded the product
        }
        return count;
    }

    /** Bytes of data after the header: {@code elementCount() * dtype().itemSize()}. */
    public long dataBytes() {
        return elementCount() * dtype.itemSize();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader that
                && dtype == that.dtype
                && byteOrder.equals(that.byteOrder)
                && fortranOrder == that.fortranOrder
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, byteOrder, fortranOrder, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "NpyHeader[dtype=" + dtype + ", byteOrder=" + byteOrder + ", fortranOrder=" + fortranOrder
                + ", shape=" + pythonTuple(shape) + "]";
    }

    /** "(10, 32, 32, 3) uint8", the way error messages name an array. */
    String describe() {
        return pythonTuple(shape) + " " + dtype.numpyName();
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    static String pythonTuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Like NumPy, bounds the product of the non-zero dimensions even when another dimension is
     * zero: such a shape is as absurd as any other overflow, and NumPy refuses to create it.
     */
    private static void checkShape(NpyDtype dtype, long[] shape) {
        if (shape.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("shape has " + shape.length + " dimensions; at most "
                    + MAX_DIMENSIONS + " are supported");
        }
        long bytes = dtype.itemSize();
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("shape " + pythonTuple(shape) + " has a negative dimension");
            }
            if (dimension > 0 && bytes > Long.MAX_VALUE / dimension) {
                throw new IllegalArgumentException("shape " + pythonTuple(shape) + " " + dtype.numpyName()
                        + " is absurdly large: its size in bytes does not fit in 64 bits");
            }
            bytes *= Math.max(dimension, 1);
        }
    }
}
