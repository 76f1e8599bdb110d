package dev.mixup.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyFormatException;
import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpyWriter;
import dev.mixup.npy.NpzArchive;

/**
 * Turns an uploaded {@code .npz} into the stored arrays of a dataset, in a staging directory:
 * {@code x.npy} in the uploaded image dtype (float64 narrowed to float32) and one float32
 * {@code label-<i>.npy} per label member, integer class labels one-hot encoded. Every stored file
 * is itself a little-endian, C-order {@code .npy}, so the data directory is readable with NumPy.
 */
final class DatasetImporter {

    static final String IMAGES_FILE = "x.npy";

    private static final Set<NpyDtype> IMAGE_DTYPES =
            EnumSet.of(NpyDtype.UINT8, NpyDtype.UINT16, NpyDtype.FLOAT16, NpyDtype.FLOAT32, NpyDtype.FLOAT64);
    static final int CHUNK = 1 << 20;

    static String labelFile(int index) {
        return "label-" + index + ".npy";
    }

    /**
     * Plans every stored file from the upload's headers (one-hot labels after one pass to find the
     * classes), claims their size, then writes them; returns the stored x and label descriptions.
     */
    static StoredArrays importArchive(Path upload, ImportOptions options, StagedFiles files) throws IOException {
        try (NpzArchive npz = NpzArchive.open(upload)) {
            NpyHeader x = member(npz, options.imageMember(), "x");
            long samples = checkImages(options.imageMember(), x);
            NpyDtype storedImageDtype = x.dtype() == NpyDtype.FLOAT64 ? NpyDtype.FLOAT32 : x.dtype();
            files.plan(IMAGES_FILE, tuple(x.shape()) + " " + storedImageDtype.numpyName(),
                    npyBytes(storedImageDtype, x.shape()));
            files.plan(FeatureStatistics.FILE, tuple(new long[] {2, channels(x)}) + " float64",
                    FeatureStatistics.fileBytes(channels(x)));

            List<NpyHeader> sources = new ArrayList<>();
            List<LabelInfo> labels = new ArrayList<>();
            for (int i = 0; i < options.labelMembers().size(); i++) {
                String name = options.labelMembers().get(i);
                NpyHeader y = member(npz, name, "y");
                checkLabels(name, y, samples);
                boolean oneHot = isClassIndices(y);
                long[] storedShape = oneHot
                        ? new long[] {samples, OneHotLabels.classes(npz, name, y, options.numClasses())}
                        : y.shape();
                files.plan(labelFile(i), "'" + name + "' " + (oneHot ? "one-hot " : "") + tuple(storedShape) + " float32",
                        npyBytes(NpyDtype.FLOAT32, storedShape));
                sources.add(y);
                labels.add(new LabelInfo(name, boxed(storedShape), NpyDtype.FLOAT32.numpyName(), oneHot));
            }

            files.claimSpace();
            writeConverted(npz, options.imageMember(), x, storedImageDtype, files.create(IMAGES_FILE));
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.get(i).name();
                OutputStream out = files.create(labelFile(i));
                if (isClassIndices(sources.get(i))) {
                    OneHotLabels.write(npz, name, sources.get(i), labels.get(i).shape().get(1), out);
                } else {
                    writeConverted(npz, name, sources.get(i), NpyDtype.FLOAT32, out);
                }
            }
            return new StoredArrays(samples, new ArrayInfo(boxed(x.shape()), storedImageDtype.numpyName()), labels);
        } catch (NpyFormatException e) {
            throw new InvalidDatasetException(e.getMessage());
        }
    }

    /**
     * The size of a stored {@code .npy}: header plus data. A shape too large to count in 64 bits
     * counts as {@code Long.MAX_VALUE}, which no limit allows.
     */
    static long npyBytes(NpyDtype dtype, long[] shape) {
        long data = dtype.itemSize();
        for (long dimension : shape) {
            if (dimension > 0 && data > Long.MAX_VALUE / dimension) {
                return Long.MAX_VALUE;
            }
            data *= dimension;
        }
        return NpyWriter.header(dtype, shape).length + data;
    }

    private static int channels(NpyHeader x) {
        long[] shape = x.shape();
        return shape.length == 4 ? (int) shape[3] : 1;
    }

    record StoredArrays(long samples, ArrayInfo x, List<LabelInfo> labels) {
    }

    private static NpyHeader member(NpzArchive npz, String name, String parameter) throws IOException {
        if (!npz.names().contains(name)) {
            throw new InvalidDatasetException("the .npz has no member '" + name + "' (members: " + npz.names()
                    + "); choose one with ?" + parameter + "=");
        }
        NpyHeader header = npz.header(name);
        if (header.fortranOrder()) {
            throw new InvalidDatasetException("member '" + name + "' is stored in Fortran order;"
                    + " save np.ascontiguousarray(" + name + ") instead");
        }
        return header;
    }

    private static long checkImages(String name, NpyHeader x) {
        long[] shape = x.shape();
        if (shape.length != 3 && shape.length != 4) {
            throw new InvalidDatasetException("images '" + name + "' must have shape (N, H, W) or (N, H, W, C), got "
                    + tuple(shape));
        }
        if (!IMAGE_DTYPES.contains(x.dtype())) {
            throw new InvalidDatasetException("images '" + name + "' have dtype " + x.dtype().numpyName()
                    + "; supported: uint8, uint16, float16, float32, float64");
        }
        for (long d : shape) {
            if (d <= 0) {
                throw new InvalidDatasetException("images '" + name + "' have an empty dimension: " + tuple(shape));
            }
        }
        if (shape[0] > Integer.MAX_VALUE || x.elementCount() / shape[0] > Integer.MAX_VALUE) {
            throw new InvalidDatasetException("images '" + name + "' are too large: " + tuple(shape));
        }
        return shape[0];
    }

    private static void checkLabels(String name, NpyHeader y, long samples) {
        long[] shape = y.shape();
        if (shape.length == 0 || shape[0] != samples) {
            throw new InvalidDatasetException("labels '" + name + "' must have one row per image (" + samples
                    + "), got shape " + tuple(shape));
        }
        if (y.elementCount() == 0) {
            throw new InvalidDatasetException("labels '" + name + "' are empty: " + tuple(shape));
        }
    }

    /** Integer labels of shape (N,) or (N, 1) are class indices; anything else is already a target row. */
    private static boolean isClassIndices(NpyHeader y) {
        long[] shape = y.shape();
        return y.dtype().isInteger() && (shape.length == 1 || (shape.length == 2 && shape[1] == 1));
    }

    /**
     * Copies a member's data into a stored {@code .npy} of dtype {@code stored}, little-endian;
     * byte-for-byte when nothing needs converting.
     */
    private static void writeConverted(NpzArchive npz, String name, NpyHeader source, NpyDtype stored, OutputStream target)
            throws IOException {
        boolean verbatim = source.dtype() == stored
                && (stored.itemSize() == 1 || source.byteOrder() == ByteOrder.LITTLE_ENDIAN);
        int inSize = source.dtype().itemSize();
        byte[] in = new byte[CHUNK - CHUNK % inSize];
        ByteBuffer inBuffer = ByteBuffer.wrap(in).order(source.byteOrder());
        ByteBuffer outBuffer = ByteBuffer.allocate(in.length / inSize * stored.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream data = npz.openData(name);
             OutputStream out = new BufferedOutputStream(target, CHUNK)) {
            out.write(NpyWriter.header(stored, source.shape()));
            long remaining = source.dataBytes();
            while (remaining > 0) {
                int n = (int) Math.min(in.length, remaining);
                int read = data.readNBytes(in, 0, n);
                if (read != n) {
                    throw new NpyFormatException("member '" + name + "' ended early");
                }
                remaining -= n;
                if (verbatim) {
                    out.write(in, 0, n);
                } else {
                    outBuffer.clear();
                    for (int offset = 0; offset < n; offset += inSize) {
                        put(outBuffer, stored, source.dtype().getAsDouble(inBuffer, offset));
                    }
                    out.write(outBuffer.array(), 0, outBuffer.position());
                }
            }
        }
    }

    private static void put(ByteBuffer out, NpyDtype dtype, double value) {
        switch (dtype) {
            case UINT8 -> out.put((byte) value);
            case UINT16 -> out.putShort((short) value);
            case FLOAT16 -> out.putShort(Float.floatToFloat16((float) value));
            case FLOAT32 -> out.putFloat((float) value);
            default -> throw new IllegalArgumentException("not a stored dtype: " + dtype);
        }
    }

    static List<Long> boxed(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    private static String tuple(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
