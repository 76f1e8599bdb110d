package dev.mixup.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpyWriter;
import dev.mixup.npy.NpzArchive;

/**
 * Integer class labels of shape (N,) or (N, 1) become one-hot float32 rows, so they can be mixed
 * with the same {@code lam} as the images. {@code K} is {@code ?num_classes=} or the largest label + 1.
 */
final class OneHotLabels {

    /** 8 GiB of float32: far beyond any sane label array, far below a full disk. */
    private static final long MAX_ONE_HOT_VALUES = 1L << 31;

    private OneHotLabels() {
    }

    static long[] write(NpzArchive npz, String name, NpyHeader y, Integer numClasses, Path target)
            throws IOException {
        int samples = (int) y.shape()[0];
        long[] classes = readIntegers(npz, name, y);
        long max = Arrays.stream(classes).max().orElse(0);
        long min = Arrays.stream(classes).min().orElse(0);
        if (min < 0) {
            throw new InvalidDatasetException("labels '" + name + "' hold a negative class index (" + min + ")");
        }
        long k = numClasses != null ? numClasses : max + 1;
        if (max >= k) {
            throw new InvalidDatasetException("labels '" + name + "' hold class " + max + " but num_classes is " + k);
        }
        if (k > ImportOptions.MAX_CLASSES) {
            throw new InvalidDatasetException("labels '" + name + "' would one-hot encode to " + k
                    + " classes (largest class index " + max + "); at most " + ImportOptions.MAX_CLASSES);
        }
        if (samples * k > MAX_ONE_HOT_VALUES) {
            throw new InvalidDatasetException("labels '" + name + "' would one-hot encode to " + samples + " x " + k
                    + " values; at most " + MAX_ONE_HOT_VALUES);
        }
        long[] shape = {samples, k};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), DatasetImporter.CHUNK)) {
            out.write(NpyWriter.header(NpyDtype.FLOAT32, shape));
            byte[] row = new byte[(int) k * Float.BYTES];
            ByteBuffer rowBuffer = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
            for (long c : classes) {
                Arrays.fill(row, (byte) 0);
                rowBuffer.putFloat((int) c * Float.BYTES, 1f);
                out.write(row);
            }
        }
        DatasetImporter.sync(target);
        return shape;
    }

    private static long[] readIntegers(NpzArchive npz, String name, NpyHeader y) throws IOException {
        int count = (int) y.elementCount();
        long[] values = new long[count];
        int size = y.dtype().itemSize();
        try (InputStream in = npz.openData(name)) {
            ByteBuffer chunk = ByteBuffer.allocate(DatasetImporter.CHUNK - DatasetImporter.CHUNK % size).order(y.byteOrder());
            int next = 0;
            while (next < count) {
                int want = Math.min(chunk.capacity(), (count - next) * size);
                in.readNBytes(chunk.array(), 0, want);
                for (int offset = 0; offset < want; offset += size) {
                    values[next++] = (long) y.dtype().getAsDouble(chunk, offset);
                }
            }
        }
        return values;
    }
}
