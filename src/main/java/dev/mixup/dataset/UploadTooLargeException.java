package dev.mixup.dataset;

public class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(long limit) {
        super("upload exceeds mixup.max-upload-bytes (" + limit + " bytes)");
    }
}
