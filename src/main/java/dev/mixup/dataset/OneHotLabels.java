package dev.mixup.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpyWriter;
import dev.mixup.npy.NpzArchive;

/**
 * Integer class labels of shape (N,) or (N, 1) become one-hot float32 rows, so they can be mixed
 * with the same {@code lam} as the images. {@code K} is {@code ?num_classes=} or the largest label + 1.
 * The labels are streamed twice, once to find {@code K} (so the stored size is known before
 * anything is written) and once to write the rows; neither pass holds them in memory.
 */
final class OneHotLabels {

    private OneHotLabels() {
    }

    /** Checks the labels and returns {@code K}, the width of their one-hot rows. */
    static long classes(NpzArchive npz, String name, NpyHeader y, Integer numClasses) throws IOException {
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        forEachLabel(npz, name, y, label -> {
            range[0] = Math.min(range[0], label);
            range[1] = Math.max(range[1], label);
        });
        long min = range[0];
        long max = range[1];
        if (min < 0) {
            throw new InvalidDatasetException("labels '" + name + "' hold a negative class index (" + min + ")");
        }
        if (numClasses != null) {
            if (max >= numClasses) {
                throw new InvalidDatasetException("labels '" + name + "' hold class " + max + " but num_classes is " + numClasses);
            }
            return numClasses;
        }
        if (max >= ImportOptions.MAX_CLASSES) {
            throw new InvalidDatasetException("labels '" + name + "' would one-hot encode to " + (max + 1)
                    + " classes (largest class index " + max + "); at most " + ImportOptions.MAX_CLASSES);
        }
        return max + 1;
    }

    /** Writes the (N, classes) float32 .npy to {@code target} and closes it; {@code classes} comes from {@link #classes}. */
    static void write(NpzArchive npz, String name, NpyHeader y, long classes, OutputStream target) throws IOException {
        try (OutputStream out = new BufferedOutputStream(target, DatasetImporter.CHUNK)) {
            out.write(NpyWriter.header(NpyDtype.FLOAT32, y.shape()[0], classes));
            byte[] row = new byte[Math.toIntExact(classes * Float.BYTES)];
            ByteBuffer rowBuffer = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
            forEachLabel(npz, name, y, label -> {
                Arrays.fill(row, (byte) 0);
                rowBuffer.putFloat((int) label * Float.BYTES, 1f);
                out.write(row);
            });
        }
    }

    @FunctionalInterface
    private interface LabelAction {
        void accept(long label) throws IOException;
    }

    private static void forEachLabel(NpzArchive npz, String name, NpyHeader y, LabelAction action) throws IOException {
        int size = y.dtype().itemSize();
        long remaining = y.elementCount();
        try (InputStream in = npz.openData(name)) {
            ByteBuffer chunk = ByteBuffer.allocate(DatasetImporter.CHUNK - DatasetImporter.CHUNK % size).order(y.byteOrder());
            while (remaining > 0) {
                int want = (int) Math.min(chunk.capacity(), remaining * size);
                in.readNBytes(chunk.array(), 0, want);
                for (int offset = 0; offset < want; offset += size) {
                    action.accept((long) y.dtype().getAsDouble(chunk, offset));
                }
                remaining -= want / size;
            }
        }
    }
}
