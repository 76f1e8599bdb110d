package dev.mixup.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import javax.imageio.ImageIO;

import dev.mixup.session.OutputArray;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Draws the first {@code rows * cols} images of a batch as one PNG grid, each image stretched from
 * the grid's min..max to 0..255 (mixed, erased and standardised values are not pixel values any
 * more). One channel is drawn gray, three RGB, four RGBA; any other count shows channel 0.
 */
final class PreviewRenderer {

    private PreviewRenderer() {
    }

    /**
     * Heap {@link #render} needs for {@code values} image values drawn as {@code pixels}: the values as
     * floats, the raster (an int per pixel), and the PNG while it is encoded (at most ~3 bytes per
     * pixel, in a buffer that grows by doubling).
     */
    static long workingBytes(long values, long pixels) {
        return Float.BYTES * values + Integer.BYTES * pixels + 6 * pixels;
    }

    /** Draws {@code x} as the session serves it ({@code channelsFirst} when its layout is NCHW) into {@code response}. */
    static void render(OutputArray x, boolean channelsFirst, int rows, int cols, int scale, HttpServletResponse response)
            throws IOException {
        long[] shape = x.shape();
        boolean grayscaleRank = shape.length == 3;
        int height = (int) height(x, channelsFirst);
        int width = (int) width(x, channelsFirst);
        int channels = grayscaleRank ? 1 : (int) (channelsFirst ? shape[1] : shape[3]);
        int count = rows * cols;
        float[] values = decode(x, count * height * width * channels);

        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max > min ? max - min : 1f;

        BufferedImage grid = new BufferedImage(cols * width * scale, rows * height * scale,
                channels == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int n = 0; n < count; n++) {
            int left = (n % cols) * width;
            int top = (n / cols) * height;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    int argb = pixel(values, n, row, col, height, width, channels, channelsFirst, min, range);
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            grid.setRGB((left + col) * scale + dx, (top + row) * scale + dy, argb);
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", png);
        response.setContentLength(png.size());
        png.writeTo(response.getOutputStream());
    }

    private static long height(OutputArray x, boolean channelsFirst) {
        long[] shape = x.shape();
        return shape.length == 4 && channelsFirst ? shape[2] : shape[1];
    }

    private static long width(OutputArray x, boolean channelsFirst) {
        long[] shape = x.shape();
        return shape.length == 4 && channelsFirst ? shape[3] : shape[2];
    }

    private static int pixel(float[] values, int n, int row, int col, int height, int width, int channels,
                             boolean channelsFirst, float min, float range) {
        int plane = height * width;
        int[] rgba = new int[4];
        int shown = channels == 3 || channels == 4 ? channels : 1;
        for (int c = 0; c < shown; c++) {
            int index = channelsFirst
                    ? (n * channels + c) * plane + row * width + col
                    : ((n * height + row) * width + col) * channels + c;
            float v = values[index];
            rgba[c] = Float.isFinite(v) ? Math.round((v - min) / range * 255f) : 0;
        }
        if (shown == 1) {
            rgba[1] = rgba[0];
            rgba[2] = rgba[0];
        }
        int alpha = channels == 4 ? rgba[3] : 255;
        return alpha << 24 | rgba[0] << 16 | rgba[1] << 8 | rgba[2];
    }

    private static float[] decode(OutputArray x, int count) {
        ByteBuffer data = ByteBuffer.wrap(x.data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        int size = x.dtype().itemSize();
        for (int i = 0; i < count; i++) {
            values[i] = (float) x.dtype().getAsDouble(data, i * size);
        }
        return values;
    }
}
