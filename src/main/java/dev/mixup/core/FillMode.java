package dev.mixup.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Keras' {@code fill_mode}: how points outside the input image are filled. With bilinear
 * interpolation each of the four neighbours of a sample point goes through the fill mode on its
 * own, so a point half a pixel outside the border blends the edge with the fill.
 */
public enum FillMode {
    /** {@code kkkkkkkk|abcd|kkkkkkkk}: outside pixels are {@code cval}. */
    CONSTANT,
    /** {@code aaaaaaaa|abcd|dddddddd}: the nearest edge pixel. */
    NEAREST,
    /** {@code abcddcba|abcd|dcbaabcd}: mirrored about the edge, edge pixel repeated. */
    REFLECT,
    /** {@code abcdabcd|abcd|abcdabcd}: the image tiled with period = its size. */
    WRAP;

    /** The name Keras (and our JSON) uses: {@code constant}, {@code nearest}, {@code reflect}, {@code wrap}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FillMode fromKerasName(String name) {
        for (FillMode mode : values()) {
            if (mode.kerasName().equals(name)) {
                return mode;
            }
        }
        String known = Arrays.stream(values()).map(FillMode::kerasName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("fill_mode must be one of " + known + ", got '" + name + "'");
    }

    /**
     * The pixel index that stands in for index {@code i} along an axis of {@code n} pixels, or
     * -1 for "use cval" (only {@link #CONSTANT} returns -1).
     */
    int sourceIndex(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (this) {
            case CONSTANT -> -1;
            case NEAREST -> i < 0 ? 0 : n - 1;
            case REFLECT -> {
                long period = 2L * n; // long: 2n overflows int for absurdly wide images
                int m = (int) Math.floorMod(i, period);
                yield m < n ? m : (int) (period - 1 - m);
            }
            case WRAP -> Math.floorMod(i, n);
        };
    }
}
