package dev.mixup.paging;

import java.util.List;
import java.util.function.Function;

/** Items of a listing and, when more follow, the key to read on from ({@code null} on the last page). */
public record Page<T>(List<T> items, PageKey next) {

    public <R> Page<R> map(Function<T, R> mapping) {
        return new Page<>(items.stream().map(mapping).toList(), next);
    }

    /** The {@code page_token} of the next page, or {@code null}. */
    public String nextToken() {
        return next == null ? null : next.token();
    }
}
