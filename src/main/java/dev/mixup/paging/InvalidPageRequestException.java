package dev.mixup.paging;

/** {@code limit} or {@code page_token} cannot be used (answered {@code 400}). */
public class InvalidPageRequestException extends RuntimeException {

    public InvalidPageRequestException(String message) {
        super(message);
    }
}
