package dev.mixup.dataset;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A stored label array: its member name in the upload (and in every batch), shape and dtype, and
 * whether the upload held integer class ids that were one-hot encoded here (only such arrays get
 * {@code label_smoothing}; manifests written before this was recorded read as {@code false}).
 */
public record LabelInfo(String name, List<Long> shape, String dtype,
                        @Schema(description = "the upload held integer class ids, one-hot encoded here;"
                                + " label_smoothing applies to these arrays only")
                        @JsonProperty("one_hot_encoded") Boolean oneHotEncoded) {

    /** Absent from older manifests: never {@code null} here. */
    public LabelInfo {
        oneHotEncoded = Boolean.TRUE.equals(oneHotEncoded);
    }
}
