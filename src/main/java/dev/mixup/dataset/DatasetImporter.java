package dev.mixup.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Writes the arrays into {@code staging}; returns the stored x and label descriptions. */
    static StoredArrays importArchive(Path upload, ImportOptions options, Path staging) throws IOException {
        try (NpzArchive npz = NpzArchive.open(upload)) {
            NpyHeader x = member(npz, options.imageMember(), "x");
            long samples = checkImages(options.imageMember(), x);
            NpyDtype storedImageDtype = x.dtype() == NpyDtype.FLOAT64 ? NpyDtype.FLOAT32 : x.dtype();
            Files.createDirectories(staging);
            writeConverted(npz, options.imageMember(), x, storedImageDtype, staging.resolve(IMAGES_FILE));

            List<LabelInfo> labels = new ArrayList<>();
            for (int i = 0; i < options.labelMembers().size(); i++) {
                String name = options.labelMembers().get(i);
                NpyHeader y = member(npz, name, "y");
                checkLabels(name, y, samples);
                Path target = staging.resolve(labelFile(i));
                boolean classIds = isClassIndices(y);
                long[] storedShape = classIds
                        ? OneHotLabels.write(npz, name, y, options.numClasses(), target)
                        : writeConverted(npz, name, y, NpyDtype.FLOAT32, target);
                labels.add(new LabelInfo(name, boxed(storedShape), NpyDtype.FLOAT32.numpyName(), classIds));
            }
            return new StoredArrays(samples, new ArrayInfo(boxed(x.shape()), storedImageDtype.numpyName()), labels);
        } catch (NpyFormatException e) {
            throw new InvalidDatasetException(e.getMessage());
        }
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
    private static long[] writeConverted(NpzArchive npz, String name, NpyHeader source, NpyDtype stored, Path target)
            throws IOException {
        boolean verbatim = source.dtype() == stored
                && (stored.itemSize() == 1 || source.byteOrder() == ByteOrder.LITTLE_ENDIAN);
        int inSize = source.dtype().itemSize();
        byte[] in = new byte[CHUNK - CHUNK % inSize];
        ByteBuffer inBuffer = ByteBuffer.wrap(in).order(source.byteOrder());
        ByteBuffer outBuffer = ByteBuffer.allocate(in.length / inSize * stored.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream data = npz.openData(name);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), CHUNK)) {
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
        sync(target);
        return source.shape();
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

    /** A dataset is committed by renaming its directory; its files must be on disk before that. */
    static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static List<Long> boxed(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    private static String tuple(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
