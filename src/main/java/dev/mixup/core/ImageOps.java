package dev.mixup.core;

/**
 * The in-place, whole-image steps of Keras' {@code apply_transform} after the affine pass:
 * {@code apply_channel_shift}, {@code flip_axis} and {@code apply_brightness_shift}, on HWC floats.
 */
final class ImageOps {

    private ImageOps() {
    }

    /** Keras {@code apply_channel_shift}: add {@code intensity} to every value, clip to the image's range before the shift. */
    static void channelShift(float[] image, double intensity) {
        float min = min(image);
        float max = max(image);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) clip(image[i] + intensity, min, max);
        }
    }

    /** Keras {@code flip_axis(x, col_axis)}: mirror the columns. */
    static void flipHorizontal(float[] image, ImageShape shape) {
        int channels = shape.channels();
        int rowLength = shape.width() * channels;
        for (int rowStart = 0; rowStart < image.length; rowStart += rowLength) {
            for (int left = rowStart, right = rowStart + rowLength - channels; left < right; left += channels, right -= channels) {
                for (int c = 0; c < channels; c++) {
                    swap(image, left + c, right + c);
                }
            }
        }
    }

    /** Keras {@code flip_axis(x, row_axis)}: mirror the rows. */
    static void flipVertical(float[] image, ImageShape shape) {
        int rowLength = shape.width() * shape.channels();
        for (int top = 0, bottom = image.length - rowLength; top < bottom; top += rowLength, bottom -= rowLength) {
            for (int i = 0; i < rowLength; i++) {
                swap(image, top + i, bottom + i);
            }
        }
    }

    /**
     * Keras {@code apply_brightness_shift(x, brightness, scale=False)}, which goes through PIL's
     * {@code ImageEnhance.Brightness}: every value times {@code factor}, clipped to [0, 255]. An
     * image with values outside [0, 255] is first mapped from [min, max] onto [0, 255] and back
     * afterwards, so there the product is clipped to [min, max]. PIL's uint8 rounding on the way
     * is skipped: it only adds quantisation error to float data.
     */
    static void brightness(float[] image, double factor) {
        float min = min(image);
        float max = max(image);
        boolean inPixelRange = min >= 0 && max <= 255;
        double low = inPixelRange ? 0 : min;
        double high = inPixelRange ? 255 : max;
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (low + clip((image[i] - low) * factor, 0, high - low));
        }
    }

    private static float min(float[] image) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : image) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static float max(float[] image) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : image) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static double clip(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    private static void swap(float[] image, int i, int j) {
        float t = image[i];
        image[i] = image[j];
        image[j] = t;
    }
}
