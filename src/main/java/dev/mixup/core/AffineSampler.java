package dev.mixup.core;

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
            return;
        }
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
                int i00 = offset(row0, col0);
                int i01 = offset(row0, col1);
                int i10 = offset(row1, col0);
                int i11 = offset(row1, col1);
                double w00 = (1 - fy) * (1 - fx);
                double w01 = (1 - fy) * fx;
                double w10 = fy * (1 - fx);
                double w11 = fy * fx;
                for (int c = 0; c < channels; c++) {
                    output[out + c] = (float) (w00 * value(input, i00, c) + w01 * value(input, i01, c)
                            + w10 * value(input, i10, c) + w11 * value(input, i11, c));
                }
            }
        }
    }

    /**
     * Shifts and zooms: the source row depends on the output row alone and the column on the column,
     * so each row's and column's neighbours and fractions are found once, not per pixel. Same
     * arithmetic, in the same order, as {@link #warp}'s general loop, hence the same floats.
     */
    private void warpAxisAligned(float[] input, float[] output, AffineMatrix m) {
        int height = shape.height();
        int width = shape.width();
        int channels = shape.channels();
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
        double[] fxs = new double[width];
        for (int col = 0; col < width; col++) {
            double x = snap(m.colFromRow() * 0 + m.colFromCol() * col + m.colOffset());
            double floor = Math.floor(x);
            fxs[col] = x - floor;
            left[col] = colStart(fillMode.sourceIndex((int) floor, width));
            right[col] = colStart(fillMode.sourceIndex((int) floor + 1, width));
        }
        int out = 0;
        for (int row = 0; row < height; row++) {
            double fy = fys[row];
            for (int col = 0; col < width; col++, out += channels) {
                double fx = fxs[col];
                int i00 = pixel(top[row], left[col]);
                int i01 = pixel(top[row], right[col]);
                int i10 = pixel(bottom[row], left[col]);
                int i11 = pixel(bottom[row], right[col]);
                double w00 = (1 - fy) * (1 - fx);
                double w01 = (1 - fy) * fx;
                double w10 = fy * (1 - fx);
                double w11 = fy * fx;
                if (i00 < 0 || i01 < 0 || i10 < 0 || i11 < 0) {
                    for (int c = 0; c < channels; c++) {
                        output[out + c] = (float) (w00 * value(input, i00, c) + w01 * value(input, i01, c)
                                + w10 * value(input, i10, c) + w11 * value(input, i11, c));
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        output[out + c] = (float) (w00 * input[i00 + c] + w01 * input[i01 + c]
                                + w10 * input[i10 + c] + w11 * input[i11 + c]);
                    }
                }
            }
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
