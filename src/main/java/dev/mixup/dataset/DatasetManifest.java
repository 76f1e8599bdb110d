package dev.mixup.dataset;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a dataset is: written last into its directory, so a directory with a manifest is complete.
 * {@code bytes} and {@code sha256} describe the uploaded file, so users can compare with their own copy.
 */
public record DatasetManifest(
        String id,
        String name,
        long samples,
        ArrayInfo x,
        List<LabelInfo> labels,
        long bytes,
        String sha256,
        @JsonProperty("created_at") Instant createdAt) {
}
