package dev.mixup.session;

import java.util.Objects;

import dev.mixup.core.DatagenSettings;
import dev.mixup.core.EraserSettings;
import dev.mixup.core.MixingSettings;

/**
 * What a session applies: the core's settings for mixing, datagen and the eraser, plus the batch
 * plan and the payload format, with the session-level defaults ({@link Builder}). A request
 * ({@link SessionSpec}) resolves to this; the session's echo is made from it, so it shows exactly
 * what is applied.
 *
 * @param eraser {@code null} when Random Erasing is off
 */
record SessionSettings(String datasetId, int batchSize, boolean shuffle, long seed, MixingSettings mixing,
                       DatagenSettings datagen, EraserSettings eraser, OutputDtype dtype, DataFormat dataFormat,
                       int shardIndex, int shardCount) {

    SessionSettings {
        Objects.requireNonNull(mixing, "mixing");
        Objects.requireNonNull(datagen, "datagen");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(dataFormat, "data_format");
    }

    /** Starts from the defaults; each setter given {@code null} keeps the default. */
    static Builder builder(String datasetId, long seed) {
        return new Builder(datasetId, seed);
    }

    /** The session-level defaults, the only place they are written; the core settings bring their own. */
    static final class Builder {

        private final String datasetId;
        private final long seed;
        private int batchSize = 32;
        private boolean shuffle = true;
        private MixingSettings mixing = MixingSettings.defaults();
        private DatagenSettings datagen = DatagenSettings.defaults();
        private EraserSettings eraser;
        private OutputDtype dtype = OutputDtype.FLOAT32;
        private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
        private int shardIndex;
        private int shardCount = 1;

        private Builder(String datasetId, long seed) {
            this.datasetId = datasetId;
            this.seed = seed;
        }

        Builder batchSize(Integer value) {
            batchSize = Objects.requireNonNullElse(value, batchSize);
            return this;
        }

        Builder shuffle(Boolean value) {
            shuffle = Objects.requireNonNullElse(value, shuffle);
            return this;
        }

        Builder mixing(MixingSettings value) {
            mixing = Objects.requireNonNullElse(value, mixing);
            return this;
        }

        Builder datagen(DatagenSettings value) {
            datagen = Objects.requireNonNullElse(value, datagen);
            return this;
        }

        /** {@code null} (the default) turns erasing off. */
        Builder eraser(EraserSettings value) {
            eraser = value;
            return this;
        }

        Builder dtype(OutputDtype value) {
            dtype = Objects.requireNonNullElse(value, dtype);
            return this;
        }

        Builder dataFormat(DataFormat value) {
            dataFormat = Objects.requireNonNullElse(value, dataFormat);
            return this;
        }

        Builder shardIndex(Integer value) {
            shardIndex = Objects.requireNonNullElse(value, shardIndex);
            return this;
        }

        Builder shardCount(Integer value) {
            shardCount = Objects.requireNonNullElse(value, shardCount);
            return this;
        }

        SessionSettings build() {
            return new SessionSettings(datasetId, batchSize, shuffle, seed, mixing, datagen, eraser, dtype, dataFormat,
                    shardIndex, shardCount);
        }
    }
}
