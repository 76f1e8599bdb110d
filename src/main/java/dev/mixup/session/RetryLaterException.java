package dev.mixup.session;

import java.time.Duration;

/**
 * The request could not be served now and changed nothing; the same request may succeed after
 * {@code retryAfter} (answered {@code 503} with {@code Retry-After}).
 */
public class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    public RetryLaterException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
