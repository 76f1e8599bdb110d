package dev.mixup.core;

/**
 * Keras' {@code width_shift_range} / {@code height_shift_range}. A float {@code < 1} is a fraction
 * of the width/height, a float {@code >= 1} is pixels (continuous uniform in {@code (-r, r)}), an
 * int {@code n} means whole pixels drawn from the integers in {@code (-n, n)}. Whether the setting
 * was an int matters, so it is kept and echoed back as given ({@code 2} is not {@code 2.0}).
 * {@link DatagenSettings} checks the bounds, under the setting's name.
 */
public final class ShiftRange {

    private static final ShiftRange NONE = new ShiftRange(0.0, false);

    private final double value;
    private final boolean integer;

    private ShiftRange(double value, boolean integer) {
        this.value = value;
        this.integer = integer;
    }

    /** Keras' default {@code 0.0}: no shift, and no random draw. */
    public static ShiftRange none() {
        return NONE;
    }

    /**
     * The setting as JSON gives it: an integral type ({@code 3}) means whole pixels, anything else
     * ({@code 3.0}, {@code 0.1}) a continuous range. The value keeps its size (as a double, also
     * for integers beyond {@code long}), so a bounds check refuses a huge one instead of seeing it
     * truncated.
     */
    public static ShiftRange of(Number range) {
        return switch (range) {
            case Integer _, Long _, Short _, Byte _ -> new ShiftRange(range.doubleValue(), true);
            default -> range.doubleValue() == 0 ? NONE : new ShiftRange(range.doubleValue(), false); // NONE also folds -0.0
        };
    }

    public boolean isInteger() {
        return integer;
    }

    public double value() {
        return value;
    }

    /** The shift in pixels for one image along an axis of {@code length} pixels. */
    public double sample(SeededRandom random, int length) {
        if (value == 0) {
            return 0; // Keras: `if self.width_shift_range:` is false, nothing is drawn
        }
        if (integer) {
            // Keras: np.random.choice(n) * np.random.choice([-1, 1]), so 0 is twice as likely as
            // any other shift; kept because users move their settings over for the same behaviour
            int magnitude = random.nextInt((int) value);
            return random.nextBoolean() ? magnitude : -magnitude;
        }
        double shift = random.uniform(-value, value);
        return value < 1 ? shift * length : shift;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShiftRange that && integer == that.integer && Double.compare(value, that.value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value) * 31 + Boolean.hashCode(integer);
    }

    /** The setting as a user wrote it: {@code 2} for an int, {@code 0.1} or {@code 2.0} for a float. */
    @Override
    public String toString() {
        return integer ? SettingChecks.format(value) : Double.toString(value);
    }
}
