package dev.mixup.core;

/**
 * Height, width and channels of one image. Every per-image step works on a {@code float[]} of
 * {@link #size()} values in height x width x channels (HWC, channels last) order; grayscale
 * images have one channel.
 */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + height + "x" + width + "x" + channels);
        }
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large: " + height + "x" + width + "x" + channels);
        }
    }

    /** Pixels per channel. */
    public int pixels() {
        return height * width;
    }

    /** Values per image. */
    public int size() {
        return height * width * channels;
    }
}
