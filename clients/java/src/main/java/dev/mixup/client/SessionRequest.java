package dev.mixup.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a new session, under the service's (Keras) names. Anything left out takes the service's
 * default, and the session shows what it uses, the seed included:
 * <pre>{@code
 * SessionRequest.forDataset(dataset.id()).batchSize(64).alpha(0.2).seed(1)
 *         .datagen(Map.of("horizontal_flip", true, "width_shift_range", 0.1))
 *         .eraser(Map.of("p", 0.5))
 * }</pre>
 */
public final class SessionRequest {

    private final Map<String, Object> settings = new LinkedHashMap<>();

    private SessionRequest(String datasetId) {
        settings.put("dataset_id", datasetId);
    }

    public static SessionRequest forDataset(String datasetId) {
        return new SessionRequest(datasetId);
    }

    public SessionRequest batchSize(int batchSize) {
        return set("batch_size", batchSize);
    }

    /** Mixing weights are drawn from Beta(alpha, alpha). */
    public SessionRequest alpha(double alpha) {
        return set("alpha", alpha);
    }

    /** Without a seed the service draws one; {@link MixupSession#seed()} shows it. */
    public SessionRequest seed(long seed) {
        return set("seed", seed);
    }

    public SessionRequest shuffle(boolean shuffle) {
        return set("shuffle", shuffle);
    }

    /** Keras {@code ImageDataGenerator} parameters, e.g. {@code Map.of("rotation_range", 15.0)}. */
    public SessionRequest datagen(Map<String, Object> datagen) {
        return set("datagen", Map.copyOf(datagen));
    }

    /** Random Erasing parameters ({@code p}, {@code s_l}, {@code s_h}, {@code r_1}, ...); an empty map erases with the defaults. */
    public SessionRequest eraser(Map<String, Object> eraser) {
        return set("eraser", Map.copyOf(eraser));
    }

    /** Shard {@code index} of {@code count}: trainers with one seed and different shards never share a sample in an epoch. */
    public SessionRequest shard(int index, int count) {
        set("shard_index", index);
        return set("shard_count", count);
    }

    /** {@code float32} (default) or {@code float16}. */
    public SessionRequest dtype(String dtype) {
        return set("dtype", dtype);
    }

    /** {@code channels_last} (NHWC, the default) or {@code channels_first} (NCHW, what DL4J's convolutions take). */
    public SessionRequest dataFormat(String dataFormat) {
        return set("data_format", dataFormat);
    }

    /** Any other session setting by its API name, e.g. {@code set("mix_prob", 0.5)}. */
    public SessionRequest set(String name, Object value) {
        settings.put(name, value);
        return this;
    }

    Map<String, Object> toJson() {
        return new LinkedHashMap<>(settings);
    }
}
