package dev.mixup.dataset;

import java.time.Duration;

/**
 * The dataset store could not be reached (down, slow or refusing); nothing was changed, and the
 * same request may succeed after {@code retryAfter} (answered {@code 503} with {@code Retry-After}).
 */
public class StoreUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
