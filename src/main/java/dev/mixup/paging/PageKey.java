package dev.mixup.paging;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * Where a listing stands. Lists are ordered by creation time, then id, so the key of the last item
 * shown says where the next page starts, however many items were added or removed meanwhile.
 */
public record PageKey(Instant createdAt, String id) implements Comparable<PageKey> {

    private static final Comparator<PageKey> ORDER = Comparator.comparing(PageKey::createdAt).thenComparing(PageKey::id);
    private static final int MAX_TOKEN_LENGTH = 200;

    @Override
    public int compareTo(PageKey other) {
        return ORDER.compare(this, other);
    }

    /** The opaque {@code page_token} a client sends back. */
    public String token() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "/" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a {@link #token()} stands for; anything else is an {@link InvalidPageRequestException}. */
    public static PageKey fromToken(String token) {
        try {
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = decoded.indexOf('/');
            String id = decoded.substring(slash + 1);
            if (slash < 0 || id.isEmpty() || id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("no id");
            }
            return new PageKey(Instant.parse(decoded.substring(0, slash)), id);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidPageRequestException("page_token is not one this service handed out; send the 'next' of"
                    + " the previous page as it was, or leave it out for the first page");
        }
    }
}
