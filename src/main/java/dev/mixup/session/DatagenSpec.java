package dev.mixup.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.core.DatagenSettings;
import dev.mixup.core.FillMode;
import dev.mixup.core.ShiftRange;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Keras {@code ImageDataGenerator} settings under their Keras names. Absent fields take Keras'
 * defaults; the effective values are echoed back, so a session can always be recreated exactly.
 */
@Schema(name = "Datagen", description = "Keras ImageDataGenerator parameters, applied to every mixed image")
public record DatagenSpec(
        @Schema(description = "float < 1: fraction of the width; float >= 1: pixels; int n: whole pixels in (-n, n)",
                defaultValue = "0.0", oneOf = {Double.class, Integer.class})
        @JsonProperty("width_shift_range") Number widthShiftRange,
        @Schema(description = "as width_shift_range, for the height", defaultValue = "0.0", oneOf = {Double.class, Integer.class})
        @JsonProperty("height_shift_range") Number heightShiftRange,
        @Schema(defaultValue = "false") @JsonProperty("horizontal_flip") Boolean horizontalFlip,
        @Schema(defaultValue = "false") @JsonProperty("vertical_flip") Boolean verticalFlip,
        @Schema(description = "degrees", defaultValue = "0.0") @JsonProperty("rotation_range") Double rotationRange,
        @Schema(description = "float z: zoom in [1-z, 1+z]; or [lower, upper]", defaultValue = "0.0",
                oneOf = {Double.class, double[].class})
        @JsonProperty("zoom_range") Object zoomRange,
        @Schema(description = "shear angle in degrees", defaultValue = "0.0") @JsonProperty("shear_range") Double shearRange,
        @Schema(defaultValue = "0.0") @JsonProperty("channel_shift_range") Double channelShiftRange,
        @Schema(description = "[lower, upper] brightness factor, or null", nullable = true)
        @JsonProperty("brightness_range") List<Double> brightnessRange,
        @Schema(allowableValues = {"constant", "nearest", "reflect", "wrap"}, defaultValue = "nearest")
        @JsonProperty("fill_mode") String fillMode,
        @Schema(description = "fill value for fill_mode constant", defaultValue = "0.0") @JsonProperty("cval") Double cval,
        @Schema(description = "multiplies the data after augmentation and erasing, or null", nullable = true)
        @JsonProperty("rescale") Double rescale,
        @Schema(defaultValue = "false") @JsonProperty("samplewise_center") Boolean samplewiseCenter,
        @Schema(defaultValue = "false") @JsonProperty("samplewise_std_normalization") Boolean samplewiseStdNormalization,
        @Schema(defaultValue = "false") @JsonProperty("featurewise_center") Boolean featurewiseCenter,
        @Schema(defaultValue = "false") @JsonProperty("featurewise_std_normalization") Boolean featurewiseStdNormalization) {

    static DatagenSpec defaults() {
        return new DatagenSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    /**
     * The same settings with every absent field at its Keras default, and each {@code *_center}
     * on when its {@code *_std_normalization} is (Keras overrides it too), so the echo shows what is applied.
     */
    DatagenSpec withDefaults() {
        boolean samplewiseStd = samplewiseStdNormalization != null && samplewiseStdNormalization;
        boolean featurewiseStd = featurewiseStdNormalization != null && featurewiseStdNormalization;
        return new DatagenSpec(
                widthShiftRange == null ? 0.0 : widthShiftRange,
                heightShiftRange == null ? 0.0 : heightShiftRange,
                horizontalFlip != null && horizontalFlip,
                verticalFlip != null && verticalFlip,
                rotationRange == null ? 0.0 : rotationRange,
                zoomRange == null ? 0.0 : zoomRange,
                shearRange == null ? 0.0 : shearRange,
                channelShiftRange == null ? 0.0 : channelShiftRange,
                brightnessRange,
                fillMode == null ? FillMode.NEAREST.kerasName() : fillMode,
                cval == null ? 0.0 : cval,
                rescale,
                samplewiseStd || samplewiseCenter != null && samplewiseCenter,
                samplewiseStd,
                featurewiseStd || featurewiseCenter != null && featurewiseCenter,
                featurewiseStd);
    }

    /** The core settings; call on {@link #withDefaults()}. Throws IllegalArgumentException for values that cannot work. */
    DatagenSettings toSettings() {
        double[] zoom = zoomBounds();
        return new DatagenSettings(shiftRange("width_shift_range", widthShiftRange),
                shiftRange("height_shift_range", heightShiftRange), horizontalFlip, verticalFlip, rotationRange,
                zoom[0], zoom[1], shearRange, channelShiftRange, pair("brightness_range", brightnessRange),
                parsedFillMode(), cval, rescale, samplewiseCenter, samplewiseStdNormalization, featurewiseCenter,
                featurewiseStdNormalization);
    }

    private FillMode parsedFillMode() {
        try {
            return FillMode.fromKerasName(fillMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fill_mode must be one of constant, nearest, reflect, wrap; got '" + fillMode + "'");
        }
    }

    /** Keras: a float z means [1 - z, 1 + z]; a pair is taken as is. */
    private double[] zoomBounds() {
        if (zoomRange instanceof Number z) {
            double range = z.doubleValue();
            return new double[] {1 - range, 1 + range};
        }
        if (zoomRange instanceof List<?> list) {
            double[] bounds = pair("zoom_range", list);
            if (bounds != null) {
                return bounds;
            }
        }
        throw new IllegalArgumentException("zoom_range must be a number or a list [lower, upper], got " + zoomRange);
    }

    private static ShiftRange shiftRange(String name, Number range) {
        if (range instanceof Integer || range instanceof Long) {
            return ShiftRange.ofInt(range.intValue());
        }
        if (range.doubleValue() < 0 || !Double.isFinite(range.doubleValue())) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + range);
        }
        return ShiftRange.ofFloat(range.doubleValue());
    }

    private static double[] pair(String name, List<?> values) {
        if (values == null) {
            return null;
        }
        if (values.size() != 2 || !(values.get(0) instanceof Number low) || !(values.get(1) instanceof Number high)) {
            throw new IllegalArgumentException(name + " must be a list of two numbers [lower, upper], got " + values);
        }
        return new double[] {low.doubleValue(), high.doubleValue()};
    }
}
