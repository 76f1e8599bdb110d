package dev.mixup.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.core.EraserSettings;
import io.swagger.v3.oas.annotations.media.Schema;

/** Random Erasing (Zhong et al. 2017) under the paper's parameter names; absent fields take the defaults shown. */
@Schema(name = "Eraser", description = "Random Erasing, applied after the datagen transform and before rescale")
public record EraserSpec(
        @Schema(description = "probability that an image is erased", defaultValue = "0.5") @JsonProperty("p") Double p,
        @Schema(description = "smallest erased area, as a fraction of the image", defaultValue = "0.02") @JsonProperty("s_l") Double sL,
        @Schema(description = "largest erased area, as a fraction of the image", defaultValue = "0.4") @JsonProperty("s_h") Double sH,
        @Schema(description = "smallest aspect ratio", defaultValue = "0.3") @JsonProperty("r_1") Double r1,
        @Schema(description = "largest aspect ratio", defaultValue = "3.3333333") @JsonProperty("r_2") Double r2,
        @Schema(description = "smallest fill value", defaultValue = "0") @JsonProperty("v_l") Double vL,
        @Schema(description = "largest fill value", defaultValue = "255") @JsonProperty("v_h") Double vH,
        @Schema(description = "one uniform draw per erased pixel and channel instead of one per rectangle", defaultValue = "false")
        @JsonProperty("pixel_level") Boolean pixelLevel) {

    EraserSpec withDefaults() {
        EraserSettings d = EraserSettings.defaults();
        return new EraserSpec(
                p == null ? d.p() : p,
                sL == null ? d.sL() : sL,
                sH == null ? d.sH() : sH,
                r1 == null ? d.r1() : r1,
                r2 == null ? d.r2() : r2,
                vL == null ? d.vL() : vL,
                vH == null ? d.vH() : vH,
                pixelLevel == null ? d.pixelLevel() : pixelLevel);
    }

    /** Call on {@link #withDefaults()}. */
    EraserSettings toSettings() {
        return new EraserSettings(p, sL, sH, r1, r2, vL, vH, pixelLevel);
    }
}
