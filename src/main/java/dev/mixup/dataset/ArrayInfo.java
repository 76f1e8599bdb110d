package dev.mixup.dataset;

import java.util.List;

/** Shape and NumPy dtype name of a stored array, as the API shows it. */
public record ArrayInfo(List<Long> shape, String dtype) {
}
