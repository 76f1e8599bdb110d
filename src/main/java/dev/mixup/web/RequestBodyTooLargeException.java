package dev.mixup.web;

/** A JSON request body longer than {@code mixup.max-json-bytes}. */
class RequestBodyTooLargeException extends RuntimeException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("the JSON body exceeds the limit of " + limit + " bytes (mixup.max-json-bytes)");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
