package dev.mixup.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dataset held by the service: {@code x} keeps the uploaded dtype, labels are float32 (class ids are
 * one-hot encoded at upload). {@code bytes} and {@code sha256} are those of the uploaded file.
 */
public record DatasetInfo(String id, String name, long samples, ArrayInfo x, List<ArrayInfo> labels, long bytes,
                          String sha256, Instant createdAt) {

    /** One stored array: its member name, shape (samples first) and dtype. */
    public record ArrayInfo(String name, List<Long> shape, String dtype) {

        /** Elements per sample: the product of the shape after the first dimension. */
        public long sampleSize() {
            return shape.stream().skip(1).reduce(1L, (a, b) -> a * b);
        }

        static ArrayInfo of(String name, JsonNode json) {
            List<Long> shape = new ArrayList<>();
            json.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
            return new ArrayInfo(name, List.copyOf(shape), json.path("dtype").asText());
        }
    }

    static DatasetInfo of(JsonNode json) {
        List<ArrayInfo> labels = new ArrayList<>();
        json.path("labels").forEach(label -> labels.add(ArrayInfo.of(label.path("name").asText(), label)));
        return new DatasetInfo(json.path("id").asText(), json.path("name").asText(), json.path("samples").asLong(),
                ArrayInfo.of("x", json.path("x")), List.copyOf(labels), json.path("bytes").asLong(),
                json.path("sha256").asText(), Instant.parse(json.path("created_at").asText()));
    }
}
