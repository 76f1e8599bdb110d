package dev.mixup.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.core.EraserSettings;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Random Erasing (Zhong et al. 2017) as JSON, under the paper's parameter names: absent fields
 * take {@link EraserSettings}' defaults, and a session shows {@link #of} what is applied.
 */
@Schema(name = "Eraser", description = "Random Erasing, applied after the datagen transform and before rescale")
public record EraserSpec(
        @Schema(description = "probability that an image is erased") @JsonProperty("p") Double p,
        @Schema(description = "smallest erased area, as a fraction of the image") @JsonProperty("s_l") Double sL,
        @Schema(description = "largest erased area, as a fraction of the image") @JsonProperty("s_h") Double sH,
        @Schema(description = "smallest aspect ratio height / width") @JsonProperty("r_1") Double r1,
        @Schema(description = "largest aspect ratio height / width") @JsonProperty("r_2") Double r2,
        @Schema(description = "smallest fill value, in raw pixel units") @JsonProperty("v_l") Double vL,
        @Schema(description = "largest fill value, in raw pixel units") @JsonProperty("v_h") Double vH,
        @Schema(description = "one uniform draw per erased pixel and channel instead of one per rectangle")
        @JsonProperty("pixel_level") Boolean pixelLevel) {

    /** The core settings. Throws IllegalArgumentException, naming the setting, for values that cannot work. */
    EraserSettings toSettings() {
        return EraserSettings.builder().p(p).sL(sL).sH(sH).r1(r1).r2(r2).vL(vL).vH(vH).pixelLevel(pixelLevel).build();
    }

    /** Every setting at the paper's default, as a session shows it. */
    public static EraserSpec defaults() {
        return of(EraserSettings.defaults());
    }

    static EraserSpec of(EraserSettings settings) {
        return new EraserSpec(settings.p(), settings.sL(), settings.sH(), settings.r1(), settings.r2(), settings.vL(),
                settings.vH(), settings.pixelLevel());
    }
}
