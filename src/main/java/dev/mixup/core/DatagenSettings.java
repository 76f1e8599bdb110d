package dev.mixup.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras {@code ImageDataGenerator} settings, under their Keras names so users can move theirs over
 * verbatim. Validated here with user-facing messages that use the Keras names. Like Keras, the
 * constructor normalises two settings: {@code *_std_normalization} turns the matching
 * {@code *_center} on (Keras overrides it with a warning), and {@code rescale = 0} means no
 * rescale (Keras tests {@code if self.rescale:}), stored as {@code null}.
 *
 * @param widthShiftRange             {@code width_shift_range}: moves content along the columns
 * @param heightShiftRange            {@code height_shift_range}: moves content along the rows
 * @param horizontalFlip              {@code horizontal_flip}: mirror the columns with probability 0.5
 * @param verticalFlip                {@code vertical_flip}: mirror the rows with probability 0.5
 * @param rotationRange               {@code rotation_range}: degrees, uniform in {@code (-r, r)}
 * @param zoomLow                     {@code zoom_range[0]} ({@code 1 - z} for a scalar {@code zoom_range = z})
 * @param zoomHigh                    {@code zoom_range[1]} ({@code 1 + z} for a scalar); {@code > 1} zooms out
 * @param shearRange                  {@code shear_range}: shear angle in degrees, uniform in {@code (-r, r)}
 * @param channelShiftRange           {@code channel_shift_range}: one offset for all channels, uniform in {@code (-r, r)}
 * @param brightnessRange             {@code brightness_range}: {@code null} or {@code {low, high}}, a factor uniform in it
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
        double rotationRange, double zoomLow, double zoomHigh, double shearRange,
        double channelShiftRange, double[] brightnessRange,
        FillMode fillMode, double cval, Double rescale,
        boolean samplewiseCenter, boolean samplewiseStdNormalization,
        boolean featurewiseCenter, boolean featurewiseStdNormalization) {

    public DatagenSettings {
        Objects.requireNonNull(widthShiftRange, "width_shift_range");
        Objects.requireNonNull(heightShiftRange, "height_shift_range");
        Objects.requireNonNull(fillMode, "fill_mode");
        requireRange("rotation_range", rotationRange);
        requireRange("shear_range", shearRange);
        requireRange("channel_shift_range", channelShiftRange);
        if (!(zoomLow >= 0 && zoomLow <= zoomHigh) || Double.isInfinite(zoomHigh)) {
            throw new IllegalArgumentException("zoom_range must be [low, high] with 0 <= low <= high, got [" + zoomLow + ", " + zoomHigh + "]");
        }
        if (brightnessRange != null) {
            if (brightnessRange.length != 2 || !(brightnessRange[0] >= 0 && brightnessRange[0] <= brightnessRange[1])
                    || Double.isInfinite(brightnessRange[1])) {
                throw new IllegalArgumentException("brightness_range must be null or [low, high] with 0 <= low <= high, got "
                        + Arrays.toString(brightnessRange));
            }
            brightnessRange = brightnessRange.clone();
        }
        if (!Double.isFinite(cval)) {
            throw new IllegalArgumentException("cval must be a finite number, got " + cval);
        }
        if (rescale != null && !Double.isFinite(rescale)) {
            throw new IllegalArgumentException("rescale must be null or a finite number, got " + rescale);
        }
        if (rescale != null && rescale == 0) {
            rescale = null;
        }
        samplewiseCenter |= samplewiseStdNormalization;
        featurewiseCenter |= featurewiseStdNormalization;
    }

    /** Everything off, with Keras' defaults ({@code fill_mode = "nearest"}, {@code zoom_range = 0.0} i.e. [1, 1]). */
    public static DatagenSettings none() {
        return new DatagenSettings(ShiftRange.none(), ShiftRange.none(), false, false,
                0, 1, 1, 0, 0, null, FillMode.NEAREST, 0, null,
                false, false, false, false);
    }

    /** Whether {@link Datagen} needs the dataset's {@link ChannelStatistics}. */
    public boolean needsFeaturewiseStatistics() {
        return featurewiseCenter || featurewiseStdNormalization;
    }

    @Override
    public double[] brightnessRange() {
        return brightnessRange == null ? null : brightnessRange.clone();
    }

    private static void requireRange(String kerasName, double range) {
        if (!(range >= 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException(kerasName + " must be >= 0, got " + range);
        }
    }

    // The record's own equals/hashCode/toString would compare and print brightnessRange by identity.

    @Override
    public boolean equals(Object other) {
        return other instanceof DatagenSettings that
                && widthShiftRange.equals(that.widthShiftRange) && heightShiftRange.equals(that.heightShiftRange)
                && horizontalFlip == that.horizontalFlip && verticalFlip == that.verticalFlip
                && Double.compare(rotationRange, that.rotationRange) == 0
                && Double.compare(zoomLow, that.zoomLow) == 0 && Double.compare(zoomHigh, that.zoomHigh) == 0
                && Double.compare(shearRange, that.shearRange) == 0
                && Double.compare(channelShiftRange, that.channelShiftRange) == 0
                && Arrays.equals(brightnessRange, that.brightnessRange)
                && fillMode == that.fillMode && Double.compare(cval, that.cval) == 0 && Objects.equals(rescale, that.rescale)
                && samplewiseCenter == that.samplewiseCenter && samplewiseStdNormalization == that.samplewiseStdNormalization
                && featurewiseCenter == that.featurewiseCenter && featurewiseStdNormalization == that.featurewiseStdNormalization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(widthShiftRange, heightShiftRange, horizontalFlip, verticalFlip, rotationRange, zoomLow, zoomHigh,
                shearRange, channelShiftRange, Arrays.hashCode(brightnessRange), fillMode, cval, rescale,
                samplewiseCenter, samplewiseStdNormalization, featurewiseCenter, featurewiseStdNormalization);
    }

    @Override
    public String toString() {
        return "DatagenSettings[width_shift_range=" + widthShiftRange + ", height_shift_range=" + heightShiftRange
                + ", horizontal_flip=" + horizontalFlip + ", vertical_flip=" + verticalFlip
                + ", rotation_range=" + rotationRange + ", zoom_range=[" + zoomLow + ", " + zoomHigh + "]"
                + ", shear_range=" + shearRange + ", channel_shift_range=" + channelShiftRange
                + ", brightness_range=" + Arrays.toString(brightnessRange) + ", fill_mode=" + fillMode.kerasName()
                + ", cval=" + cval + ", rescale=" + rescale
                + ", samplewise_center=" + samplewiseCenter + ", samplewise_std_normalization=" + samplewiseStdNormalization
                + ", featurewise_center=" + featurewiseCenter + ", featurewise_std_normalization=" + featurewiseStdNormalization + "]";
    }
}
