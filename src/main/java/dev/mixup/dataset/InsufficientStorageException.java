package dev.mixup.dataset;

/**
 * The data directory has no room for what a request would write (answered {@code 507}). Whoever
 * throws it has already removed what it wrote, so nothing half-written stays behind.
 */
public class InsufficientStorageException extends RuntimeException {

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
