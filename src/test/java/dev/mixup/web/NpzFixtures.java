package dev.mixup.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;

/**
 * Small datasets for API tests: image n has every value equal to n % 251 (so a mixed pixel tells
 * which images were mixed and with what weight), label n is class n % classes.
 * {@code channels == 0} makes grayscale (N, H, W) images.
 */
final class NpzFixtures {

    private NpzFixtures() {
    }

    static byte[] dataset(int samples, int height, int width, int channels, int classes) throws IOException {
        int size = height * width * Math.max(channels, 1);
        byte[] x = new byte[samples * size];
        for (int n = 0; n < samples; n++) {
            Arrays.fill(x, n * size, (n + 1) * size, (byte) (n % 251));
        }
        ByteBuffer y = ByteBuffer.allocate(samples * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < samples; n++) {
            y.putLong(n % classes);
        }
        long[] shape = channels == 0 ? new long[] {samples, height, width} : new long[] {samples, height, width, channels};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NpzWriter npz = new NpzWriter(out)) {
            npz.add("x", NpyDtype.UINT8, shape, x, 0, x.length);
            npz.add("y", NpyDtype.INT64, new long[] {samples}, y.array(), 0, y.capacity());
        }
        return out.toByteArray();
    }
}
