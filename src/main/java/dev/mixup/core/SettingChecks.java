package dev.mixup.core;

/**
 * The bounds every setting is checked against, with messages that use the API names. Beyond its
 * natural bounds (a probability in [0, 1], an angle within a full turn) every number is kept to
 * {@link #MAX_MAGNITUDE}: far beyond any useful value, and small enough that the arithmetic of a
 * batch stays finite (a rotation range of 1e308 would otherwise turn into NaN images).
 */
final class SettingChecks {

    static final double MAX_MAGNITUDE = 1e6;
    static final double MAX_DEGREES = 360;

    private SettingChecks() {
    }

    /** {@code value} if it lies in {@code [min, max]} (NaN never does). */
    static double within(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + format(min) + ", " + format(max) + "], got " + format(value));
        }
        return value;
    }

    /** {@code [low, high]} inside {@code [min, max]} with {@code low <= high}. */
    static Range ordered(String name, Range range, double min, double max) {
        if (range != null && !(range.low() >= min && range.low() <= range.high() && range.high() <= max)) {
            throw new IllegalArgumentException(name + " must be [low, high] with " + format(min) + " <= low <= high <= "
                    + format(max) + ", got " + range);
        }
        return range;
    }

    /** Whole numbers without an exponent ({@code 4294967301}, not {@code 4.294967301E9}), others as Java prints them. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e18 ? Long.toString((long) value) : Double.toString(value);
    }
}
