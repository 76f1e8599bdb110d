package dev.mixup.dataset;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stored label array: its member name in the upload (and in every batch), shape and dtype, and
 * whether the upload held integer class ids that were one-hot encoded here (only such arrays get
 * {@code label_smoothing}; manifests written before this was recorded read as {@code false}).
 */
public record LabelInfo(String name, List<Long> shape, String dtype,
                        @JsonProperty("one_hot_encoded") boolean oneHotEncoded) {
}
