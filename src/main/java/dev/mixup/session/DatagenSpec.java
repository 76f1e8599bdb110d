package dev.mixup.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.core.DatagenSettings;
import dev.mixup.core.FillMode;
import dev.mixup.core.ShiftRange;
import dev.mixup.core.ZoomRange;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Keras {@code ImageDataGenerator} settings as JSON, under their Keras names: absent fields take
 * {@link DatagenSettings}' defaults, and a session shows {@link #of} what is applied.
 */
@Schema(name = "Datagen", description = "Keras ImageDataGenerator parameters, applied to every mixed image")
public record DatagenSpec(
        @Schema(description = "float < 1: fraction of the width; float >= 1: pixels; int n: whole pixels in (-n, n)",
                oneOf = {Double.class, Integer.class})
        @JsonProperty("width_shift_range") Number widthShiftRange,
        @Schema(description = "as width_shift_range, for the height", oneOf = {Double.class, Integer.class})
        @JsonProperty("height_shift_range") Number heightShiftRange,
        @JsonProperty("horizontal_flip") Boolean horizontalFlip,
        @JsonProperty("vertical_flip") Boolean verticalFlip,
        @Schema(description = "degrees, at most 360") @JsonProperty("rotation_range") Double rotationRange,
        @Schema(description = "float z in [0, 1]: zoom in [1-z, 1+z]; or [lower, upper]", oneOf = {Double.class, double[].class})
        @JsonProperty("zoom_range") Object zoomRange,
        @Schema(description = "shear angle in degrees, at most 360") @JsonProperty("shear_range") Double shearRange,
        @JsonProperty("channel_shift_range") Double channelShiftRange,
        @Schema(description = "[lower, upper] brightness factor, or null", nullable = true)
        @JsonProperty("brightness_range") List<Double> brightnessRange,
        @Schema(allowableValues = {"constant", "nearest", "reflect", "wrap"}) @JsonProperty("fill_mode") String fillMode,
        @Schema(description = "fill value for fill_mode constant") @JsonProperty("cval") Double cval,
        @Schema(description = "multiplies the data after augmentation and erasing; null or 0: none", nullable = true)
        @JsonProperty("rescale") Double rescale,
        @JsonProperty("samplewise_center") Boolean samplewiseCenter,
        @Schema(description = "turns samplewise_center on, as in Keras") @JsonProperty("samplewise_std_normalization")
        Boolean samplewiseStdNormalization,
        @JsonProperty("featurewise_center") Boolean featurewiseCenter,
        @Schema(description = "turns featurewise_center on, as in Keras") @JsonProperty("featurewise_std_normalization")
        Boolean featurewiseStdNormalization) {

    /** The core settings. Throws IllegalArgumentException, naming the setting, for values that cannot work. */
    DatagenSettings toSettings() {
        return DatagenSettings.builder()
                .widthShiftRange(widthShiftRange == null ? null : ShiftRange.of(widthShiftRange))
                .heightShiftRange(heightShiftRange == null ? null : ShiftRange.of(heightShiftRange))
                .horizontalFlip(horizontalFlip)
                .verticalFlip(verticalFlip)
                .rotationRange(rotationRange)
                .zoomRange(zoom())
                .shearRange(shearRange)
                .channelShiftRange(channelShiftRange)
                .brightnessRange(RangeJson.range("brightness_range", brightnessRange))
                .fillMode(fillMode == null ? null : FillMode.fromKerasName(fillMode))
                .cval(cval)
                .rescale(rescale)
                .samplewiseCenter(samplewiseCenter)
                .samplewiseStdNormalization(samplewiseStdNormalization)
                .featurewiseCenter(featurewiseCenter)
                .featurewiseStdNormalization(featurewiseStdNormalization)
                .build();
    }

    /** Every setting at its Keras default, as a session shows it. */
    public static DatagenSpec defaults() {
        return of(DatagenSettings.defaults());
    }

    /** What {@code settings} applies, as JSON: an int shift range stays an int, a scalar zoom range a scalar. */
    static DatagenSpec of(DatagenSettings settings) {
        ZoomRange zoom = settings.zoomRange();
        return new DatagenSpec(json(settings.widthShiftRange()), json(settings.heightShiftRange()), settings.horizontalFlip(),
                settings.verticalFlip(), settings.rotationRange(),
                zoom.isScalar() ? zoom.scalar() : List.of(zoom.low(), zoom.high()), settings.shearRange(),
                settings.channelShiftRange(), RangeJson.list(settings.brightnessRange()), settings.fillMode().kerasName(),
                settings.cval(), settings.rescale(), settings.samplewiseCenter(), settings.samplewiseStdNormalization(),
                settings.featurewiseCenter(), settings.featurewiseStdNormalization());
    }

    /** Keras: a number z means [1 - z, 1 + z]; a pair is taken as is. */
    private ZoomRange zoom() {
        return switch (zoomRange) {
            case null -> null;
            case Number z -> ZoomRange.of(z.doubleValue());
            case List<?> pair -> {
                var range = RangeJson.range("zoom_range", pair);
                yield ZoomRange.of(range.low(), range.high());
            }
            default -> throw new IllegalArgumentException("zoom_range must be a number or a list [lower, upper]");
        };
    }

    private static Number json(ShiftRange range) {
        return range.isInteger() ? (Number) (int) range.value() : (Number) range.value();
    }
}
