package dev.mixup.core;

import java.util.Objects;

import static dev.mixup.core.SettingChecks.MAX_MAGNITUDE;
import static dev.mixup.core.SettingChecks.within;

/**
 * Random Erasing settings (Zhong et al. 2017), named as in the paper and in {@code get_random_eraser},
 * with their defaults ({@link Builder}) and bounds. Whether the rectangles fit a given image is
 * {@link RandomEraser}'s check.
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
        within("p", p, 0, 1);
        if (!(sL > 0 && sL <= sH && sH <= 1)) {
            throw new IllegalArgumentException("s_l and s_h must satisfy 0 < s_l <= s_h <= 1, got s_l=" + sL + ", s_h=" + sH);
        }
        if (!(r1 > 0 && r1 <= r2 && r2 <= MAX_MAGNITUDE)) {
            throw new IllegalArgumentException("r_1 and r_2 must satisfy 0 < r_1 <= r_2 <= " + SettingChecks.format(MAX_MAGNITUDE)
                    + ", got r_1=" + r1 + ", r_2=" + r2);
        }
        within("v_l", vL, -MAX_MAGNITUDE, MAX_MAGNITUDE);
        within("v_h", vH, -MAX_MAGNITUDE, MAX_MAGNITUDE);
        if (vL > vH) {
            throw new IllegalArgumentException("v_l must be <= v_h, got v_l=" + vL + ", v_h=" + vH);
        }
    }

    /** The paper's and {@code get_random_eraser}'s defaults. */
    public static EraserSettings defaults() {
        return builder().build();
    }

    /** Starts from the defaults; each setter given {@code null} keeps the default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The paper's and {@code get_random_eraser}'s defaults, the only place they are written. */
    public static final class Builder {

        private double p = 0.5;
        private double sL = 0.02;
        private double sH = 0.4;
        private double r1 = 0.3;
        private double r2 = 1 / 0.3;
        private double vL = 0;
        private double vH = 255;
        private boolean pixelLevel;

        private Builder() {
        }

        public Builder p(Double value) {
            p = Objects.requireNonNullElse(value, p);
            return this;
        }

        public Builder sL(Double value) {
            sL = Objects.requireNonNullElse(value, sL);
            return this;
        }

        public Builder sH(Double value) {
            sH = Objects.requireNonNullElse(value, sH);
            return this;
        }

        public Builder r1(Double value) {
            r1 = Objects.requireNonNullElse(value, r1);
            return this;
        }

        public Builder r2(Double value) {
            r2 = Objects.requireNonNullElse(value, r2);
            return this;
        }

        public Builder vL(Double value) {
            vL = Objects.requireNonNullElse(value, vL);
            return this;
        }

        public Builder vH(Double value) {
            vH = Objects.requireNonNullElse(value, vH);
            return this;
        }

        public Builder pixelLevel(Boolean value) {
            pixelLevel = Objects.requireNonNullElse(value, pixelLevel);
            return this;
        }

        /** @throws IllegalArgumentException for a value out of its bounds, naming the setting */
        public EraserSettings build() {
            return new EraserSettings(p, sL, sH, r1, r2, vL, vH, pixelLevel);
        }
    }
}
