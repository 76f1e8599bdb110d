package dev.mixup.core;

import java.util.Arrays;

/**
 * Resamples an HWC image through an {@link AffineMatrix} by inverse mapping with bilinear
 * interpolation, as {@code scipy.ndimage.affine_transform(order=1)} does for Keras. Each of the
 * four neighbours of a sample point is mapped through the {@link FillMode} on its own (for
 * {@code constant} an outside neighbour contributes {@code cval}; this is scipy's
 * {@code grid-constant}, and {@code wrap} is scipy's {@code grid-wrap}: period = size, as
 * Keras documents {@code abcdabcd|abcd|abcdabcd}).
 */
final class AffineSampler {

    /**
     * Sample points this close to a whole pixel are moved onto it: a 90° rotation has
     * cos = 6e-17, not 0, and must still copy pixels exactly instead of smearing neighbours in.
     */
    static final double SNAP = 1e-4;

    /**
     * Sample points are clamped to +-2^30 pixels so floor() stays an int; that far out only the
     * fill mode matters, and only a wildly mis-set shift range gets there.
     */
    private static final double FAR = 0x1p30;

    private final ImageShape shape;
    private final FillMode fillMode;
    private final double cval;

    AffineSampler(ImageShape shape, FillMode fillMode, double cval) {
        this.shape = shape;
        this.fillMode = fillMode;
        this.cval = cval;
    }

    /** Writes the transformed {@code input} into {@code output}; the arrays must differ. */
    void warp(float[] input, float[] output, AffineMatrix m) {
        if (m.rowFromCol() == 0 && m.colFromRow() == 0) {
            warpAxisAligned(input, output, m);
        } else {
            warpAnyAffine(input, output, m);
        }
    }

    /** The reference loop: every output pixel mapped back on its own. */
    void warpAnyAffine(float[] input, float[] output, AffineMatrix m) {
        int height = shape.height();
        int width = shape.width();
        int channels = shape.channels();
        int out = 0;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++, out += channels) {
                double y = snap(m.rowFromRow() * row + m.rowFromCol() * col + m.rowOffset());
                double x = snap(m.colFromRow() * row + m.colFromCol() * col + m.colOffset());
                double top = Math.floor(y);
                double left = Math.floor(x);
                double fy = y - top;
                double fx = x - left;
                int row0 = fillMode.sourceIndex((int) top, height);
                int row1 = fillMode.sourceIndex((int) top + 1, height);
                int col0 = fillMode.sourceIndex((int) left, width);
                int col1 = fillMode.sourceIndex((int) left + 1, width);
                interpolate(input, output, out, offset(row0, col0), offset(row0, col1), offset(row1, col0), offset(row1, col1), fy, fx);
            }
        }
    }

    /**
     * Shifts and zooms: the source row depends on the output row alone and the column on the column,
     * so each row's and column's neighbours and fractions are found once, not per pixel. Where
     * neighbouring output columns read neighbouring source columns (all of a shift's inside), a
     * row's run of values is one loop over contiguous memory that the JIT vectorises. Same
     * arithmetic, in the same order, as {@link #warpAnyAffine}, hence the same floats.
     */
    private void warpAxisAligned(float[] input, float[] output, AffineMatrix m) {
        int height = shape.height();
        int width = shape.width();
        int channels = shape.channels();
        int rowLength = width * channels;
        int[] top = new int[height];
        int[] bottom = new int[height];
        double[] fys = new double[height];
        for (int row = 0; row < height; row++) {
            double y = snap(m.rowFromRow() * row + m.rowFromCol() * 0 + m.rowOffset());
            double floor = Math.floor(y);
            fys[row] = y - floor;
            top[row] = rowStart(fillMode.sourceIndex((int) floor, height));
            bottom[row] = rowStart(fillMode.sourceIndex((int) floor + 1, height));
        }
        int[] left = new int[width];
        int[] right = new int[width];
        // per value of a row, as the vectorised loop reads them: fx and 1 - fx of its column
        double[] fx = new double[rowLength];
        double[] oneMinusFx = new double[rowLength];
        for (int col = 0; col < width; col++) {
            double x = snap(m.colFromRow() * 0 + m.colFromCol() * col + m.colOffset());
            double floor = Math.floor(x);
            left[col] = colStart(fillMode.sourceIndex((int) floor, width));
            right[col] = colStart(fillMode.sourceIndex((int) floor + 1, width));
            Arrays.fill(fx, col * channels, (col + 1) * channels, x - floor);
            Arrays.fill(oneMinusFx, col * channels, (col + 1) * channels, 1 - (x - floor));
        }
        int[] runEnd = contiguousRuns(left, right);
        double[] sums = new double[rowLength];
        for (int row = 0, out = 0; row < height; row++, out += rowLength) {
            double fy = fys[row];
            for (int col = 0; col < width; ) {
                int end = top[row] < 0 || bottom[row] < 0 ? col : runEnd[col];
                if (end > col) {
                    interpolateRun(input, output, out + col * channels, top[row] + left[col], bottom[row] + left[col],
                            fy, fx, oneMinusFx, sums, col * channels, (end - col) * channels);
                    col = end;
                } else {
                    interpolate(input, output, out + col * channels, pixel(top[row], left[col]), pixel(top[row], right[col]),
                            pixel(bottom[row], left[col]), pixel(bottom[row], right[col]), fy, fx[col * channels]);
                    col++;
                }
            }
        }
    }

    /**
     * Per column, the end (exclusive) of the run of columns starting there whose left neighbours
     * are inside the image and one pixel apart, each right neighbour the pixel after its left one;
     * the column itself where it does not start such a run.
     */
    private int[] contiguousRuns(int[] left, int[] right) {
        int channels = shape.channels();
        int[] runEnd = new int[left.length];
        for (int col = left.length - 1; col >= 0; col--) {
            boolean inside = left[col] >= 0 && right[col] == left[col] + channels;
            boolean continues = col + 1 < left.length && runEnd[col + 1] > col + 1 && left[col + 1] == left[col] + channels;
            runEnd[col] = !inside ? col : continues ? runEnd[col + 1] : col + 1;
        }
        return runEnd;
    }

    /**
     * {@code length} contiguous values of an output row from the rows at {@code top} and {@code bottom}.
     * The sums go through {@code sums} (double, indexed like the weights) because the JIT does not
     * vectorise a loop that reads one float array at other offsets than it writes another: the two
     * could be the same array.
     */
    private void interpolateRun(float[] input, float[] output, int out, int top, int bottom, double fy,
                                double[] fx, double[] oneMinusFx, double[] sums, int first, int length) {
        int channels = shape.channels();
        double oneMinusFy = 1 - fy;
        for (int i = first, end = first + length; i < end; i++) {
            double w00 = oneMinusFy * oneMinusFx[i];
            double w01 = oneMinusFy * fx[i];
            double w10 = fy * oneMinusFx[i];
            double w11 = fy * fx[i];
            int at = i - first;
            sums[i] = w00 * input[top + at] + w01 * input[top + channels + at] + w10 * input[bottom + at] + w11 * input[bottom + channels + at];
        }
        for (int i = 0; i < length; i++) {
            output[out + i] = (float) sums[first + i];
        }
    }

    /** One output pixel, every channel, from its four neighbours ({@code -1}: {@code cval}). */
    private void interpolate(float[] input, float[] output, int out, int i00, int i01, int i10, int i11, double fy, double fx) {
        double w00 = (1 - fy) * (1 - fx);
        double w01 = (1 - fy) * fx;
        double w10 = fy * (1 - fx);
        double w11 = fy * fx;
        for (int c = 0; c < shape.channels(); c++) {
            output[out + c] = (float) (w00 * value(input, i00, c) + w01 * value(input, i01, c)
                    + w10 * value(input, i10, c) + w11 * value(input, i11, c));
        }
    }

    private int rowStart(int row) {
        return row < 0 ? -1 : row * shape.width() * shape.channels();
    }

    private int colStart(int col) {
        return col < 0 ? -1 : col * shape.channels();
    }

    private static int pixel(int rowStart, int colStart) {
        return rowStart < 0 || colStart < 0 ? -1 : rowStart + colStart;
    }

    private static double snap(double coordinate) {
        double clamped = Math.max(-FAR, Math.min(FAR, coordinate));
        double whole = Math.rint(clamped);
        return Math.abs(clamped - whole) < SNAP ? whole : clamped;
    }

    /** Index of the first channel of pixel (row, col), or -1 when either is "use cval". */
    private int offset(int row, int col) {
        return row < 0 || col < 0 ? -1 : (row * shape.width() + col) * shape.channels();
    }

    private double value(float[] input, int pixel, int channel) {
        return pixel < 0 ? cval : input[pixel + channel];
    }
}
