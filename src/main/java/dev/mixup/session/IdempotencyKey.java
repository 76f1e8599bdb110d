package dev.mixup.session;

/**
 * The client's name for one {@code next} or {@code stream} call ({@code Idempotency-Key}, as in the IETF
 * draft of that name), so that the call can be sent again, to any replica, and claim the same steps:
 * a call whose answer was lost would otherwise have moved the position past steps nobody received.
 */
public record IdempotencyKey(String value) {

    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '"' && c != '\\')) {
            throw new InvalidSessionException("Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters other"
                    + " than '\"' and '\\' (a UUID, say), optionally in double quotes");
        }
    }

    /** The header's value: a bare token or a structured-field string ({@code "..."}); {@code null} when absent. */
    public static IdempotencyKey parse(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
        return new IdempotencyKey(quoted ? value.substring(1, value.length() - 1) : value);
    }
}
