package dev.mixup.client;

/**
 * The service answered with an RFC 9457 problem: {@link #status()} is the HTTP status, {@link #detail()}
 * says what to change. Network failures that outlast the retries are {@link java.io.UncheckedIOException}s.
 */
public class MixupException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;

    public MixupException(int status, String title, String detail) {
        super(status + " " + title + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What went wrong, in the service's words; may be empty. */
    public String detail() {
        return detail;
    }
}
