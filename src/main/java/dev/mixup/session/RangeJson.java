package dev.mixup.session;

import java.util.List;

import dev.mixup.core.Range;

/** {@code [low, high]} settings between their JSON form (a list of two numbers) and the core's {@link Range}. */
final class RangeJson {

    private RangeJson() {
    }

    /**
     * {@code null} stays {@code null}; anything but two numbers is refused, naming the setting (and
     * not echoing the list: it could be as long as the request).
     */
    static Range range(String name, List<?> values) {
        if (values == null) {
            return null;
        }
        if (values.size() != 2 || !(values.get(0) instanceof Number low) || !(values.get(1) instanceof Number high)) {
            throw new IllegalArgumentException(name + " must be a list of two numbers [low, high], got "
                    + (values.size() == 2 ? "a list holding a non-number" : "a list of " + values.size()));
        }
        return new Range(low.doubleValue(), high.doubleValue());
    }

    static List<Double> list(Range range) {
        return range == null ? null : List.of(range.low(), range.high());
    }
}
