package dev.mixup.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Random Erasing changed an HWC image: the one rectangle, every channel of it, in which
 * {@code after} differs from {@code before}.
 */
public record ErasedRegion(int top, int left, int height, int width) {

    /** The region, or null when nothing differs; asserts that what differs is exactly one full rectangle. */
    public static ErasedRegion find(float[] after, float[] before, int imageHeight, int imageWidth, int channels) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        int count = 0;
        for (int row = 0; row < imageHeight; row++) {
            for (int col = 0; col < imageWidth; col++) {
                for (int c = 0; c < channels; c++) {
                    int i = (row * imageWidth + col) * channels + c;
                    if (after[i] != before[i]) {
                        top = Math.min(top, row);
                        left = Math.min(left, col);
                        bottom = Math.max(bottom, row + 1);
                        right = Math.max(right, col + 1);
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            return null;
        }
        assertThat(count).as("erased values form one full rectangle").isEqualTo((bottom - top) * (right - left) * channels);
        return new ErasedRegion(top, left, bottom - top, right - left);
    }

    /** The values of {@code image} inside the region, row by row, channels innermost. */
    public float[] values(float[] image, int imageWidth, int channels) {
        float[] values = new float[height * width * channels];
        int i = 0;
        for (int row = top; row < top + height; row++) {
            for (int col = left; col < left + width; col++) {
                for (int c = 0; c < channels; c++) {
                    values[i++] = image[(row * imageWidth + col) * channels + c];
                }
            }
        }
        return values;
    }
}
