package dev.mixup.paging;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One page of a listing: up to {@code limit} items after {@code after} (from the start when null).
 */
public record PageRequest(PageKey after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** From the query parameters {@code limit} and {@code page_token}, either of which may be missing. */
    public static PageRequest of(Integer limit, String pageToken) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidPageRequestException("limit must be in [1, " + MAX_LIMIT + "], got " + size);
        }
        return new PageRequest(pageToken == null || pageToken.isEmpty() ? null : PageKey.fromToken(pageToken), size);
    }

    /** This page of {@code items}, which may come in any order. */
    public <T> Page<T> select(Stream<T> items, Function<T, PageKey> key) {
        List<T> window = items.filter(item -> after == null || key.apply(item).compareTo(after) > 0)
                .sorted((a, b) -> key.apply(a).compareTo(key.apply(b)))
                .limit(limit + 1L)
                .toList();
        if (window.size() <= limit) {
            return new Page<>(window, null);
        }
        List<T> shown = window.subList(0, limit);
        return new Page<>(shown, key.apply(shown.getLast()));
    }
}
