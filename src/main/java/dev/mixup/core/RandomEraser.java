package dev.mixup.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Random Erasing (Zhong et al. 2017) as {@code get_random_eraser} does it: with probability
 * {@code p}, draw rectangles (area, aspect ratio, top-left corner) until one fits, then fill it
 * with one random value or, with {@code pixel_level}, a random value per pixel and channel.
 * Unlike the seed code, a rectangle less than one pixel wide or high ({@code int(sqrt(...)) == 0},
 * common on small images) does not fit: it would erase nothing, and an image picked with
 * probability {@code p} must be erased. Immutable and thread-safe.
 */
public final class RandomEraser {

    /** Tries per image before giving up and leaving it unerased (the seed code loops forever). */
    static final int MAX_TRIES = 10_000;

    /**
     * Settings whose rectangles fit less often than this per try are refused: at this rate the
     * {@link #MAX_TRIES} loop still fails for about one image in e^25 (10^11), and an image costs
     * at most a few hundred tries on average.
     */
    static final double MIN_ACCEPTANCE = 0.0025;

    /** Grid points per axis for {@link #acceptanceProbability}. */
    private static final int GRID = 512;

    private final EraserSettings settings;
    private final ImageShape shape;

    /**
     * @throws IllegalArgumentException when the settings can never, or practically never, place
     *                                  a rectangle in an image of this shape
     */
    public RandomEraser(EraserSettings settings, ImageShape shape) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shape = Objects.requireNonNull(shape, "shape");
        double acceptance = acceptanceProbability(settings, shape);
        String setting = String.format(Locale.ROOT, "with s_l=%s, s_h=%s, r_1=%s, r_2=%s",
                settings.sL(), settings.sH(), settings.r1(), settings.r2());
        String image = shape.height() + "x" + shape.width() + " image";
        if (acceptance == 0) {
            String why = neverAPixel(settings, shape) ? " the rectangle is always less than one pixel wide or high in the "
                    : " the rectangle is always larger than the ";
            throw new IllegalArgumentException("eraser can never fit: " + setting + why + image);
        }
        if (acceptance < MIN_ACCEPTANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "eraser practically never fits: %s only %.2g%% of the random rectangles fit in the %s (at least %.2g%% needed);"
                            + " lower s_l/s_h or bring r_1/r_2 closer to 1",
                    setting, 100 * acceptance, image, 100 * MIN_ACCEPTANCE));
        }
    }

    /** Erases in place, on HWC floats in raw pixel units (before rescale). */
    public void erase(float[] image, SeededRandom random) {
        if (image.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " values, got " + image.length);
        }
        // The seed code returns when rand() > p; >= makes p = 0 never erase, even on a draw of exactly 0.
        if (random.nextDouble() >= settings.p()) {
            return;
        }
        int height = shape.height();
        int width = shape.width();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            double s = random.uniform(settings.sL(), settings.sH()) * height * width;
            double r = random.uniform(settings.r1(), settings.r2());
            int w = rectangleWidth(s, r);
            int h = rectangleHeight(s, r);
            int left = random.nextInt(width);
            int top = random.nextInt(height);
            if (w >= 1 && h >= 1 && w <= width - left && h <= height - top) { // left + w <= W, without overflow for huge w
                fill(image, top, left, h, w, random);
                return;
            }
        }
        // Out of tries: leave the image as it is. The constructor refused settings where this is not vanishingly rare.
    }

    private void fill(float[] image, int top, int left, int h, int w, SeededRandom random) {
        int channels = shape.channels();
        int rowLength = shape.width() * channels;
        float value = settings.pixelLevel() ? 0 : (float) random.uniform(settings.vL(), settings.vH());
        for (int row = top; row < top + h; row++) {
            int start = row * rowLength + left * channels;
            int end = start + w * channels;
            if (settings.pixelLevel()) {
                for (int i = start; i < end; i++) {
                    image[i] = (float) random.uniform(settings.vL(), settings.vH());
                }
            } else {
                Arrays.fill(image, start, end, value);
            }
        }
    }

    /** {@code w = int(sqrt(s / r))}: the width of a rectangle of area {@code s} and aspect ratio {@code r} = h / w. */
    private static int rectangleWidth(double s, double r) {
        return (int) Math.sqrt(s / r);
    }

    /** {@code h = int(sqrt(s * r))}. */
    private static int rectangleHeight(double s, double r) {
        return (int) Math.sqrt(s * r);
    }

    /**
     * The probability that one try of the loop in {@link #erase} fits: the chance over the corner
     * is exact, the expectation over area and aspect ratio is a midpoint rule on a GRID x GRID grid
     * (deterministic; a degenerate range such as s_l = s_h collapses to its single value, as its
     * uniform draw does). Zero only when no (area, ratio) pair fits at all.
     */
    static double acceptanceProbability(EraserSettings settings, ImageShape shape) {
        int height = shape.height();
        int width = shape.width();
        double sum = 0;
        for (int i = 0; i < GRID; i++) {
            double s = midpoint(settings.sL(), settings.sH(), i) * height * width;
            for (int j = 0; j < GRID; j++) {
                double r = midpoint(settings.r1(), settings.r2(), j);
                sum += cornerFits(width, rectangleWidth(s, r)) * cornerFits(height, rectangleHeight(s, r));
            }
        }
        return sum / ((double) GRID * GRID);
    }

    private static double midpoint(double low, double high, int cell) {
        return low + (high - low) * (cell + 0.5) / GRID;
    }

    /**
     * The chance that a corner drawn uniformly from {@code [0, size)} leaves room for {@code extent}
     * pixels; 0 for an empty extent, which erases nothing and so does not count as a fit.
     */
    private static double cornerFits(int size, int extent) {
        return extent < 1 || extent > size ? 0 : (double) (size - extent + 1) / size;
    }

    /**
     * Whether even the largest area {@code s_h * H * W} gives no ratio in {@code [r_1, r_2]} with
     * {@code sqrt(s / r) >= 1} and {@code sqrt(s * r) >= 1}, i.e. {@code 1 / s <= r <= s}.
     */
    private static boolean neverAPixel(EraserSettings settings, ImageShape shape) {
        double s = settings.sH() * shape.height() * shape.width();
        return Math.max(settings.r1(), 1 / s) > Math.min(settings.r2(), s);
    }
}
