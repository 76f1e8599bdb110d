package dev.mixup.core;

/** Test helper: small images with known values. */
final class Images {

    private Images() {
    }

    /** value = index in HWC order, so every value is distinct and tells where it came from. */
    static float[] ramp(ImageShape shape) {
        float[] image = new float[shape.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        return image;
    }

    /** value at (row, col, channel) of an HWC image. */
    static float at(float[] image, ImageShape shape, int row, int col, int channel) {
        return image[(row * shape.width() + col) * shape.channels() + channel];
    }

    static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
