package dev.mixup.dataset;

import java.util.List;

/** A stored label array: its member name in the upload (and in every batch), shape and dtype. */
public record LabelInfo(String name, List<Long> shape, String dtype) {
}
