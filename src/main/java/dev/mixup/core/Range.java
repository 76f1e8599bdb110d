package dev.mixup.core;

/**
 * A setting of the form {@code [low, high]}, such as {@code brightness_range} or
 * {@code cutmix_minmax}. The setting that holds it checks the bounds, with its own name.
 */
public record Range(double low, double high) {

    @Override
    public String toString() {
        return "[" + SettingChecks.format(low) + ", " + SettingChecks.format(high) + "]";
    }
}
