package dev.mixup.dataset;

/** What an upload expands to on disk exceeds {@code mixup.max-dataset-bytes} (answered {@code 413}). */
public class DatasetTooLargeException extends RuntimeException {

    DatasetTooLargeException(String message) {
        super(message);
    }
}
