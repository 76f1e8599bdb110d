package dev.mixup.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.core.DatagenSettings;
import dev.mixup.core.MixingSettings;
import io.swagger.v3.oas.annotations.media.Schema;

import static java.util.Objects.requireNonNullElse;

/**
 * A session's settings as JSON (DESIGN §2): what a trainer sends when it opens a session, every
 * field but {@code dataset_id} optional, and what the session shows, every field filled in from
 * what is applied ({@link #of}), the seed included, so it can always be recreated exactly. The
 * defaults live with the settings themselves ({@link SessionSettings}, {@link MixingSettings}, ...);
 * the published schema takes them from there.
 */
@Schema(name = "SessionSettings")
public record SessionSpec(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("dataset_id") String datasetId,
        @JsonProperty("batch_size") Integer batchSize,
        @Schema(description = "mixup: lam ~ Beta(alpha, alpha) (timm's mixup_alpha); 0 turns mixup off when CutMix is on")
        @JsonProperty("alpha") Double alpha,
        @Schema(description = "> 0 turns CutMix on: lam ~ Beta(cutmix_alpha, cutmix_alpha)")
        @JsonProperty("cutmix_alpha") Double cutmixAlpha,
        @Schema(description = "[low, high]: CutMix box sides uniform in [int(size * low), int(size * high)) instead of from lam"
                + " (timm); turns CutMix on and sets cutmix_alpha to 1", nullable = true)
        @JsonProperty("cutmix_minmax") List<Double> cutmixMinmax,
        @Schema(description = "probability that a sample is mixed at all; otherwise lam = 1 (timm's prob)")
        @JsonProperty("mix_prob") Double mixProb,
        @Schema(description = "with alpha > 0 and CutMix on: probability of CutMix instead of mixup")
        @JsonProperty("switch_prob") Double switchProb,
        @Schema(description = "CutMix: lam = 1 - box area / image area, after clipping the box to the image")
        @JsonProperty("correct_lam") Boolean correctLam,
        @Schema(description = "eps: label arrays uploaded as class ids become y * (1 - eps) + eps / K before mixing")
        @JsonProperty("label_smoothing") Double labelSmoothing,
        @Schema(description = "from this epoch on nothing is mixed (lam = 1); null: always mixed", nullable = true)
        @JsonProperty("mixup_off_epoch") Long mixupOffEpoch,
        @JsonProperty("shuffle") Boolean shuffle,
        @Schema(description = "null: the service draws one (and shows it)", nullable = true) @JsonProperty("seed") Long seed,
        @JsonProperty("datagen") DatagenSpec datagen,
        @Schema(description = "null: no erasing", nullable = true) @JsonProperty("eraser") EraserSpec eraser,
        @Schema(allowableValues = {"float32", "float16"}) @JsonProperty("dtype") String dtype,
        @Schema(allowableValues = {"channels_last", "channels_first"}) @JsonProperty("data_format") String dataFormat,
        @JsonProperty("shard_index") Integer shardIndex,
        @JsonProperty("shard_count") Integer shardCount) {

    /**
     * The settings to apply: absent fields at their defaults, the seed {@code drawnSeed} when none
     * was given. Throws IllegalArgumentException, naming the setting, for a value that cannot work.
     */
    SessionSettings resolve(long drawnSeed) {
        return new SessionSettings(datasetId,
                requireNonNullElse(batchSize, SessionSettings.BATCH_SIZE),
                requireNonNullElse(shuffle, SessionSettings.SHUFFLE),
                seed == null ? drawnSeed : seed,
                MixingSettings.builder().alpha(alpha).cutmixAlpha(cutmixAlpha)
                        .cutmixMinmax(RangeJson.range("cutmix_minmax", cutmixMinmax)).mixProb(mixProb).switchProb(switchProb)
                        .correctLam(correctLam).labelSmoothing(labelSmoothing).mixupOffEpoch(mixupOffEpoch).build(),
                datagen == null ? DatagenSettings.defaults() : datagen.toSettings(),
                eraser == null ? null : eraser.toSettings(),
                dtype == null ? SessionSettings.DTYPE : OutputDtype.fromApiName(dtype),
                dataFormat == null ? SessionSettings.DATA_FORMAT : DataFormat.fromApiName(dataFormat),
                requireNonNullElse(shardIndex, SessionSettings.SHARD_INDEX),
                requireNonNullElse(shardCount, SessionSettings.SHARD_COUNT));
    }

    /** Settings as a session shows and stores them: complete, seed included. */
    SessionSettings resolve() {
        if (seed == null) {
            throw new IllegalArgumentException("the settings of a stored session have no seed");
        }
        return resolve(seed);
    }

    /** Every setting at its default, as a session shows it (for a session of no dataset, with seed 0). */
    public static SessionSpec defaults() {
        return of(SessionSettings.defaults(null, 0));
    }

    /** What {@code settings} applies, every field filled in. */
    static SessionSpec of(SessionSettings settings) {
        MixingSettings mixing = settings.mixing();
        return new SessionSpec(settings.datasetId(), settings.batchSize(), mixing.alpha(), mixing.cutmixAlpha(),
                RangeJson.list(mixing.cutmixMinmax()), mixing.mixProb(), mixing.switchProb(), mixing.correctLam(),
                mixing.labelSmoothing(), mixing.mixupOffEpoch(), settings.shuffle(), settings.seed(),
                DatagenSpec.of(settings.datagen()), settings.eraser() == null ? null : EraserSpec.of(settings.eraser()),
                settings.dtype().apiName(), settings.dataFormat().apiName(), settings.shardIndex(), settings.shardCount());
    }
}
