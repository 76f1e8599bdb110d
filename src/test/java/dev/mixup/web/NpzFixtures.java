package dev.mixup.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyWriter;
import dev.mixup.npy.NpzWriter;

/**
 * Small datasets for API tests. {@link #dataset}: image n has every value equal to n % 251 (so a
 * mixed pixel tells which images were mixed and with what weight), label n is class n % classes;
 * {@code channels == 0} makes grayscale (N, H, W) images. {@link Images}: crafted images the test
 * keeps in memory, to compute exactly what the service must serve.
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

    /**
     * What {@code np.savez_compressed(f, x=np.zeros(shape, np.uint8), y=np.arange(N) % classes)}
     * writes: a few kilobytes that expand to the full array, the way a zip bomb does.
     */
    static byte[] compressedZeros(long[] shape, int classes) throws IOException {
        int samples = (int) shape[0];
        ByteBuffer y = ByteBuffer.allocate(samples * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < samples; n++) {
            y.putLong(n % classes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(NpyWriter.header(NpyDtype.UINT8, shape));
            byte[] zeros = new byte[1 << 16];
            long bytes = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            for (long left = bytes; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(NpyWriter.header(NpyDtype.INT64, samples));
            zip.write(y.array());
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /**
     * A hostile archive whose x.npy header and zip directory both declare {@code shape} (uint8, under
     * 4 GB), while its compressed data inflates to only {@code actualBytes} zeros.
     */
    static byte[] lyingSize(long[] shape, int actualBytes) throws IOException {
        byte[] header = NpyWriter.header(NpyDtype.UINT8, shape);
        long declared = header.length + Arrays.stream(shape).reduce(1, Math::multiplyExact);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(header);
            zip.write(new byte[actualBytes]);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(NpyWriter.header(NpyDtype.INT64, shape[0]));
            zip.write(new byte[(int) shape[0] * Long.BYTES]);
            zip.closeEntry();
        }
        byte[] zip = out.toByteArray();
        ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < zip.length - 4; at++) {
            // the central directory record of x.npy: signature PK\1\2, its name at offset 46
            if (bytes.getInt(at) == 0x02014b50 && new String(zip, at + 46, 5, StandardCharsets.US_ASCII).equals("x.npy")) {
                bytes.putInt(at + 24, (int) declared);
                return zip;
            }
        }
        throw new IllegalStateException("no central directory record for x.npy");
    }

    /** One value of a crafted image: sample n, pixel (row, col), channel. */
    @FunctionalInterface
    interface Pixel {
        double value(int n, int row, int col, int channel);
    }

    /**
     * Images as the service reads them (HWC floats, sample after sample), written as {@code dtype}
     * (uint8 or float32) with shape (N, H, W, C), or (N, H, W) when {@code grayscaleRank}.
     */
    record Images(int samples, int height, int width, int channels, boolean grayscaleRank, NpyDtype dtype, float[] values) {

        Images {
            if (grayscaleRank && channels != 1) {
                throw new IllegalArgumentException("a rank-3 dataset has one channel");
            }
            if (dtype != NpyDtype.UINT8 && dtype != NpyDtype.FLOAT32) {
                throw new IllegalArgumentException("uint8 or float32 images, not " + dtype);
            }
        }

        /** uint8 images; every value must already be a whole number in [0, 255]. */
        static Images uint8(int samples, int height, int width, int channels, Pixel pixel) {
            Images images = of(samples, height, width, channels, NpyDtype.UINT8, pixel);
            for (float v : images.values) {
                if (v != Math.rint(v) || v < 0 || v > 255) {
                    throw new IllegalArgumentException("not a uint8 value: " + v);
                }
            }
            return images;
        }

        static Images float32(int samples, int height, int width, int channels, Pixel pixel) {
            return of(samples, height, width, channels, NpyDtype.FLOAT32, pixel);
        }

        /** uint8 noise, uniform in [low, high], from a fixed seed. */
        static Images noise(int samples, int height, int width, int channels, int low, int high, long seed) {
            Random random = new Random(seed);
            return uint8(samples, height, width, channels, (n, row, col, c) -> low + random.nextInt(high - low + 1));
        }

        private static Images of(int samples, int height, int width, int channels, NpyDtype dtype, Pixel pixel) {
            float[] values = new float[samples * height * width * channels];
            int i = 0;
            for (int n = 0; n < samples; n++) {
                for (int row = 0; row < height; row++) {
                    for (int col = 0; col < width; col++) {
                        for (int c = 0; c < channels; c++) {
                            values[i++] = (float) pixel.value(n, row, col, c);
                        }
                    }
                }
            }
            return new Images(samples, height, width, channels, false, dtype, values);
        }

        /** The same single-channel images, uploaded as (N, H, W). */
        Images grayscaleRank3() {
            return new Images(samples, height, width, channels, true, dtype, values);
        }

        /** Values per image. */
        int size() {
            return height * width * channels;
        }

        /** Image n, HWC. */
        float[] image(int n) {
            return Arrays.copyOfRange(values, n * size(), (n + 1) * size());
        }

        /** What the service mixes: {@code lam * x[i1] + (1 - lam) * x[i2]}, in float32 as the contract says. */
        float[] mix(float lam, int i1, int i2) {
            float rest = 1f - lam;
            float[] mixed = new float[size()];
            for (int i = 0; i < mixed.length; i++) {
                mixed[i] = lam * values[i1 * size() + i] + rest * values[i2 * size() + i];
            }
            return mixed;
        }

        /** The .npz upload: {@code x} and int64 class labels {@code y = n % classes}. */
        byte[] npz(int classes) throws IOException {
            return npz(classes, false);
        }

        /** Float targets {@code t[n] = {n, 100 - n}}, a label array that is not class ids. */
        static float[] target(int n) {
            return new float[] {n, 100 - n};
        }

        /** {@link #npz(int)}, with {@code withTargets} also the float32 label array {@code t} of {@link #target}. */
        byte[] npz(int classes, boolean withTargets) throws IOException {
            ByteBuffer x = ByteBuffer.allocate(values.length * dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (dtype == NpyDtype.UINT8) {
                    x.put((byte) v);
                } else {
                    x.putFloat(v);
                }
            }
            ByteBuffer y = ByteBuffer.allocate(samples * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < samples; n++) {
                y.putLong(n % classes);
            }
            long[] shape = grayscaleRank ? new long[] {samples, height, width} : new long[] {samples, height, width, channels};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (NpzWriter npz = new NpzWriter(out)) {
                npz.add("x", dtype, shape, x.array(), 0, x.capacity());
                npz.add("y", NpyDtype.INT64, new long[] {samples}, y.array(), 0, y.capacity());
                if (withTargets) {
                    ByteBuffer t = ByteBuffer.allocate(samples * 2 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    for (int n = 0; n < samples; n++) {
                        t.putFloat(target(n)[0]).putFloat(target(n)[1]);
                    }
                    npz.add("t", NpyDtype.FLOAT32, new long[] {samples, 2}, t.array(), 0, t.capacity());
                }
            }
            return out.toByteArray();
        }
    }
}
