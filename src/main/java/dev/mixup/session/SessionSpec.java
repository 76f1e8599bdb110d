package dev.mixup.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a trainer asks for when it opens a session (DESIGN §2): every field but {@code dataset_id}
 * may be left out and takes the default shown. The session echoes the effective settings,
 * including the seed in use, so it can always be recreated exactly.
 */
@Schema(name = "SessionSettings")
public record SessionSpec(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("dataset_id") String datasetId,
        @Schema(defaultValue = "32") @JsonProperty("batch_size") Integer batchSize,
        @Schema(description = "lam ~ Beta(alpha, alpha)", defaultValue = "0.2") @JsonProperty("alpha") Double alpha,
        @Schema(defaultValue = "true") @JsonProperty("shuffle") Boolean shuffle,
        @Schema(description = "null: the service draws one (and shows it)", nullable = true) @JsonProperty("seed") Long seed,
        @JsonProperty("datagen") DatagenSpec datagen,
        @Schema(description = "null: no erasing", nullable = true) @JsonProperty("eraser") EraserSpec eraser,
        @Schema(allowableValues = {"float32", "float16"}, defaultValue = "float32") @JsonProperty("dtype") String dtype,
        @Schema(allowableValues = {"channels_last", "channels_first"}, defaultValue = "channels_last")
        @JsonProperty("data_format") String dataFormat,
        @Schema(defaultValue = "0") @JsonProperty("shard_index") Integer shardIndex,
        @Schema(defaultValue = "1") @JsonProperty("shard_count") Integer shardCount) {

    /** The effective settings: defaults filled in and {@code seed} fixed. */
    SessionSpec withDefaults(long drawnSeed) {
        return new SessionSpec(datasetId,
                batchSize == null ? 32 : batchSize,
                alpha == null ? 0.2 : alpha,
                shuffle == null || shuffle,
                seed == null ? drawnSeed : seed,
                datagen == null ? DatagenSpec.defaults() : datagen.withDefaults(),
                eraser == null ? null : eraser.withDefaults(),
                dtype == null ? OutputDtype.FLOAT32.apiName() : dtype,
                dataFormat == null ? DataFormat.CHANNELS_LAST.apiName() : dataFormat,
                shardIndex == null ? 0 : shardIndex,
                shardCount == null ? 1 : shardCount);
    }
}
