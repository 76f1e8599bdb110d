package dev.mixup.dataset;

/** The upload cannot become a dataset; the message says why, for the API user. */
public class InvalidDatasetException extends RuntimeException {

    public InvalidDatasetException(String message) {
        super(message);
    }
}
