package dev.mixup.dataset;

import java.time.Duration;

import dev.mixup.RetryLaterException;

/** The dataset store could not be reached (down, slow or refusing); nothing was changed. */
public class StoreUnavailableException extends RetryLaterException {

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
