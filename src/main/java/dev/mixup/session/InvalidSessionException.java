package dev.mixup.session;

/** The requested settings cannot work; the message says why, for the API user. */
public class InvalidSessionException extends RuntimeException {

    public InvalidSessionException(String message) {
        super(message);
    }
}
