package dev.mixup.session;

import java.util.Objects;

import dev.mixup.core.DatagenSettings;
import dev.mixup.core.EraserSettings;
import dev.mixup.core.MixingSettings;

/**
 * What a session applies: the core's settings for mixing, datagen and the eraser, plus the batch
 * plan and the payload format, with the session-level defaults. A request ({@link SessionSpec})
 * resolves to this; the session's echo is made from it, so it shows exactly what is applied.
 *
 * @param eraser {@code null} when Random Erasing is off
 */
record SessionSettings(String datasetId, int batchSize, boolean shuffle, long seed, MixingSettings mixing,
                       DatagenSettings datagen, EraserSettings eraser, OutputDtype dtype, DataFormat dataFormat,
                       int shardIndex, int shardCount) {

    // The session-level defaults, the only place they are written; the core settings bring their own.
    static final int BATCH_SIZE = 32;
    static final boolean SHUFFLE = true;
    static final OutputDtype DTYPE = OutputDtype.FLOAT32;
    static final DataFormat DATA_FORMAT = DataFormat.CHANNELS_LAST;
    static final int SHARD_INDEX = 0;
    static final int SHARD_COUNT = 1;

    SessionSettings {
        Objects.requireNonNull(mixing, "mixing");
        Objects.requireNonNull(datagen, "datagen");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(dataFormat, "data_format");
    }

    /** Every setting at its default: plain mixup, no datagen, no erasing. */
    static SessionSettings defaults(String datasetId, long seed) {
        return new SessionSettings(datasetId, BATCH_SIZE, SHUFFLE, seed, MixingSettings.defaults(), DatagenSettings.defaults(),
                null, DTYPE, DATA_FORMAT, SHARD_INDEX, SHARD_COUNT);
    }
}
