package dev.mixup.core;

/**
 * Keras' {@code zoom_range}: a number {@code z} means zoom factors uniform in {@code [1 - z, 1 + z]},
 * a pair {@code [low, high]} is taken as is; a factor {@code > 1} shows more of the image. Which of
 * the two forms was given is kept, so the echo shows the setting as written.
 */
public final class ZoomRange {

    private static final ZoomRange NONE = new ZoomRange(0.0, 1, 1);

    /** {@code z} of the scalar form; {@code null} for a pair. */
    private final Double scalar;
    private final double low;
    private final double high;

    private ZoomRange(Double scalar, double low, double high) {
        this.scalar = scalar;
        this.low = low;
        this.high = high;
    }

    /** Keras' default {@code 0.0}: no zoom, and no random draw. */
    public static ZoomRange none() {
        return NONE;
    }

    /** {@code [1 - z, 1 + z]}, with {@code z} in [0, 1] so that no factor is negative. */
    public static ZoomRange of(double z) {
        SettingChecks.within("zoom_range", z, 0, 1);
        return z == 0 ? NONE : new ZoomRange(z, 1 - z, 1 + z); // NONE also folds -0.0 into 0.0
    }

    public static ZoomRange of(double low, double high) {
        SettingChecks.ordered("zoom_range", new Range(low, high), 0, SettingChecks.MAX_MAGNITUDE);
        return new ZoomRange(null, low, high);
    }

    public boolean isScalar() {
        return scalar != null;
    }

    /** {@code z} of the scalar form. */
    public double scalar() {
        if (scalar == null) {
            throw new IllegalStateException("zoom_range was given as [low, high]");
        }
        return scalar;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    /** Both factors 1: Keras draws nothing then. */
    boolean isIdentity() {
        return low == 1 && high == 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ZoomRange that && java.util.Objects.equals(scalar, that.scalar)
                && Double.compare(low, that.low) == 0 && Double.compare(high, that.high) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scalar, low, high);
    }

    /** The setting as written: {@code 0.1} or {@code [0.8, 1.2]}. */
    @Override
    public String toString() {
        return scalar != null ? SettingChecks.format(scalar) : new Range(low, high).toString();
    }
}
