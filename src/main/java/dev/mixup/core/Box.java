package dev.mixup.core;

/**
 * A CutMix box in pixel coordinates, end-exclusive: rows {@code [top, bottom)}, columns
 * {@code [left, right)}; {@code ?provenance=true} shows it as {@code (y0, x0, y1, x1)}.
 */
public record Box(int top, int left, int bottom, int right) {

    public int area() {
        return (bottom - top) * (right - left);
    }
}
