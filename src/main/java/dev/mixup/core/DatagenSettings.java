package dev.mixup.core;

import java.util.Objects;

import static dev.mixup.core.SettingChecks.MAX_DEGREES;
import static dev.mixup.core.SettingChecks.MAX_MAGNITUDE;
import static dev.mixup.core.SettingChecks.ordered;
import static dev.mixup.core.SettingChecks.within;

/**
 * Keras {@code ImageDataGenerator} settings, under their Keras names so users can move theirs over
 * verbatim: their defaults ({@link Builder}), bounds and normalisation, in this one place. Like
 * Keras, two settings are normalised: {@code *_std_normalization} turns the matching
 * {@code *_center} on (Keras overrides it with a warning), and {@code rescale = 0} means no rescale
 * (Keras tests {@code if self.rescale:}), stored as {@code null}. What this record holds is what
 * {@link Datagen} applies, and what a session shows.
 *
 * @param widthShiftRange             {@code width_shift_range}: moves content along the columns
 * @param heightShiftRange            {@code height_shift_range}: moves content along the rows
 * @param horizontalFlip              {@code horizontal_flip}: mirror the columns with probability 0.5
 * @param verticalFlip                {@code vertical_flip}: mirror the rows with probability 0.5
 * @param rotationRange               {@code rotation_range}: degrees, uniform in {@code (-r, r)}
 * @param zoomRange                   {@code zoom_range}: row and column zoom factors, each uniform in it
 * @param shearRange                  {@code shear_range}: shear angle in degrees, uniform in {@code (-r, r)}
 * @param channelShiftRange           {@code channel_shift_range}: one offset for all channels, uniform in {@code (-r, r)}
 * @param brightnessRange             {@code brightness_range}: {@code null} or a factor uniform in {@code [low, high]}
 * @param fillMode                    {@code fill_mode}
 * @param cval                        {@code cval}: the fill value of {@code fill_mode = "constant"}
 * @param rescale                     {@code rescale}: {@code null} for none, else multiplies every value
 * @param samplewiseCenter            {@code samplewise_center}: subtract each image's mean
 * @param samplewiseStdNormalization  {@code samplewise_std_normalization}: divide by each image's std
 * @param featurewiseCenter           {@code featurewise_center}: subtract the dataset's per-channel mean
 * @param featurewiseStdNormalization {@code featurewise_std_normalization}: divide by the dataset's per-channel std
 */
public record DatagenSettings(
        ShiftRange widthShiftRange, ShiftRange heightShiftRange,
        boolean horizontalFlip, boolean verticalFlip,
        double rotationRange, ZoomRange zoomRange, double shearRange,
        double channelShiftRange, Range brightnessRange,
        FillMode fillMode, double cval, Double rescale,
        boolean samplewiseCenter, boolean samplewiseStdNormalization,
        boolean featurewiseCenter, boolean featurewiseStdNormalization) {

    public DatagenSettings {
        checkShift("width_shift_range", Objects.requireNonNull(widthShiftRange, "width_shift_range"));
        checkShift("height_shift_range", Objects.requireNonNull(heightShiftRange, "height_shift_range"));
        Objects.requireNonNull(zoomRange, "zoom_range");
        Objects.requireNonNull(fillMode, "fill_mode");
        within("rotation_range", rotationRange, 0, MAX_DEGREES);
        within("shear_range", shearRange, 0, MAX_DEGREES);
        within("channel_shift_range", channelShiftRange, 0, MAX_MAGNITUDE);
        ordered("brightness_range", brightnessRange, 0, MAX_MAGNITUDE);
        within("cval", cval, -MAX_MAGNITUDE, MAX_MAGNITUDE);
        if (rescale != null && within("rescale", rescale, -MAX_MAGNITUDE, MAX_MAGNITUDE) == 0) {
            rescale = null;
        }
        samplewiseCenter |= samplewiseStdNormalization;
        featurewiseCenter |= featurewiseStdNormalization;
    }

    /** Everything off: Keras' defaults. */
    public static DatagenSettings defaults() {
        return builder().build();
    }

    /** Starts from Keras' defaults; each setter given {@code null} keeps the default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@link Datagen} needs the dataset's {@link ChannelStatistics}. */
    public boolean needsFeaturewiseStatistics() {
        return featurewiseCenter || featurewiseStdNormalization;
    }

    private static void checkShift(String name, ShiftRange range) {
        within(name, range.value(), 0, MAX_MAGNITUDE);
    }

    /** Keras' {@code ImageDataGenerator} defaults, the only place they are written. */
    public static final class Builder {

        private ShiftRange widthShiftRange = ShiftRange.none();
        private ShiftRange heightShiftRange = ShiftRange.none();
        private boolean horizontalFlip;
        private boolean verticalFlip;
        private double rotationRange;
        private ZoomRange zoomRange = ZoomRange.none();
        private double shearRange;
        private double channelShiftRange;
        private Range brightnessRange;
        private FillMode fillMode = FillMode.NEAREST;
        private double cval;
        private Double rescale;
        private boolean samplewiseCenter;
        private boolean samplewiseStdNormalization;
        private boolean featurewiseCenter;
        private boolean featurewiseStdNormalization;

        private Builder() {
        }

        public Builder widthShiftRange(ShiftRange value) {
            widthShiftRange = Objects.requireNonNullElse(value, widthShiftRange);
            return this;
        }

        public Builder heightShiftRange(ShiftRange value) {
            heightShiftRange = Objects.requireNonNullElse(value, heightShiftRange);
            return this;
        }

        public Builder horizontalFlip(Boolean value) {
            horizontalFlip = Objects.requireNonNullElse(value, horizontalFlip);
            return this;
        }

        public Builder verticalFlip(Boolean value) {
            verticalFlip = Objects.requireNonNullElse(value, verticalFlip);
            return this;
        }

        public Builder rotationRange(Double value) {
            rotationRange = Objects.requireNonNullElse(value, rotationRange);
            return this;
        }

        public Builder zoomRange(ZoomRange value) {
            zoomRange = Objects.requireNonNullElse(value, zoomRange);
            return this;
        }

        public Builder shearRange(Double value) {
            shearRange = Objects.requireNonNullElse(value, shearRange);
            return this;
        }

        public Builder channelShiftRange(Double value) {
            channelShiftRange = Objects.requireNonNullElse(value, channelShiftRange);
            return this;
        }

        public Builder brightnessRange(Range value) {
            brightnessRange = value == null ? brightnessRange : value;
            return this;
        }

        public Builder fillMode(FillMode value) {
            fillMode = Objects.requireNonNullElse(value, fillMode);
            return this;
        }

        public Builder cval(Double value) {
            cval = Objects.requireNonNullElse(value, cval);
            return this;
        }

        public Builder rescale(Double value) {
            rescale = value == null ? rescale : value;
            return this;
        }

        public Builder samplewiseCenter(Boolean value) {
            samplewiseCenter = Objects.requireNonNullElse(value, samplewiseCenter);
            return this;
        }

        public Builder samplewiseStdNormalization(Boolean value) {
            samplewiseStdNormalization = Objects.requireNonNullElse(value, samplewiseStdNormalization);
            return this;
        }

        public Builder featurewiseCenter(Boolean value) {
            featurewiseCenter = Objects.requireNonNullElse(value, featurewiseCenter);
            return this;
        }

        public Builder featurewiseStdNormalization(Boolean value) {
            featurewiseStdNormalization = Objects.requireNonNullElse(value, featurewiseStdNormalization);
            return this;
        }

        /** @throws IllegalArgumentException for a value out of its bounds, naming the setting */
        public DatagenSettings build() {
            return new DatagenSettings(widthShiftRange, heightShiftRange, horizontalFlip, verticalFlip, rotationRange,
                    zoomRange, shearRange, channelShiftRange, brightnessRange, fillMode, cval, rescale,
                    samplewiseCenter, samplewiseStdNormalization, featurewiseCenter, featurewiseStdNormalization);
        }
    }
}
