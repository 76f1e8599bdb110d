package dev.mixup.core;

/**
 * Random Erasing settings (Zhong et al. 2017), named as in the paper and in {@code get_random_eraser}.
 *
 * @param p          {@code p}: probability that an image is erased at all
 * @param sL         {@code s_l}: smallest rectangle area, as a fraction of the image area
 * @param sH         {@code s_h}: largest rectangle area, as a fraction of the image area
 * @param r1         {@code r_1}: smallest aspect ratio height / width
 * @param r2         {@code r_2}: largest aspect ratio height / width
 * @param vL         {@code v_l}: smallest fill value, in raw pixel units (erasing comes before rescale)
 * @param vH         {@code v_h}: largest fill value
 * @param pixelLevel {@code pixel_level}: one fill draw per erased value instead of one per rectangle
 */
public record EraserSettings(double p, double sL, double sH, double r1, double r2, double vL, double vH, boolean pixelLevel) {

    public EraserSettings {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        if (!(sL > 0 && sL <= sH && sH <= 1)) {
            throw new IllegalArgumentException("s_l and s_h must satisfy 0 < s_l <= s_h <= 1, got s_l=" + sL + ", s_h=" + sH);
        }
        if (!(r1 > 0 && r1 <= r2) || Double.isInfinite(r2)) {
            throw new IllegalArgumentException("r_1 and r_2 must satisfy 0 < r_1 <= r_2 (finite), got r_1=" + r1 + ", r_2=" + r2);
        }
        if (!(vL <= vH) || Double.isInfinite(vL) || Double.isInfinite(vH)) {
            throw new IllegalArgumentException("v_l and v_h must be finite with v_l <= v_h, got v_l=" + vL + ", v_h=" + vH);
        }
    }

    /** The paper's and {@code get_random_eraser}'s defaults. */
    public static EraserSettings defaults() {
        return new EraserSettings(0.5, 0.02, 0.4, 0.3, 1 / 0.3, 0, 255, false);
    }
}
