package dev.mixup.web;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.mixup.core.Box;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyWriter;
import dev.mixup.npy.NpzWriter;
import dev.mixup.session.Batch;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.OutputArray;

/**
 * Batch payloads in NumPy's own formats: an uncompressed {@code .npz} (members {@code x}, each
 * label array, and with provenance {@code lam}, {@code index1}, {@code index2}, {@code cut},
 * {@code box}), or the same arrays as {@code .npy} files back to back, so successive
 * {@code np.load(f)} calls read them.
 */
final class BatchPayloads {

    static final String NPZ_VALUE = "application/x-npz";
    static final String NPY_VALUE = "application/x-npy";

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BatchPayloads() {
    }

    /** The arrays of a batch in payload order. */
    static List<OutputArray> members(Batch batch, boolean provenance) {
        List<OutputArray> members = new ArrayList<>();
        members.add(batch.x());
        members.addAll(batch.labels());
        if (provenance) {
            // uploads refuse these label names now; a dataset stored before cut and box existed may have one
            for (OutputArray label : batch.labels()) {
                if (label.name().equals("cut") || label.name().equals("box")) {
                    throw new InvalidSessionException("label array '" + label.name() + "' has the name of a provenance array;"
                            + " ask without provenance=true, or upload the dataset again with the label renamed");
                }
            }
            float[] lam = batch.provenance().lam();
            long[] shape = {lam.length};
            byte[] lamBytes = new byte[lam.length * Float.BYTES];
            for (int b = 0; b < lam.length; b++) {
                FLOAT.set(lamBytes, b * Float.BYTES, lam[b]);
            }
            members.add(new OutputArray("lam", NpyDtype.FLOAT32, shape, lamBytes));
            members.add(new OutputArray("index1", NpyDtype.INT64, shape, indices(batch.provenance().pairs().first())));
            members.add(new OutputArray("index2", NpyDtype.INT64, shape, indices(batch.provenance().pairs().second())));
            addBoxes(batch.provenance().boxes(), members);
        }
        return members;
    }

    /** {@code cut} (B,) uint8, 1 where CutMix was used; {@code box} (B, 4) int32 {@code (y0, x0, y1, x1)}, zeros where not. */
    private static void addBoxes(Box[] boxes, List<OutputArray> members) {
        byte[] cut = new byte[boxes.length];
        byte[] corners = new byte[boxes.length * 4 * Integer.BYTES];
        for (int b = 0; b < boxes.length; b++) {
            Box box = boxes[b];
            if (box != null) {
                cut[b] = 1;
                int at = b * 4 * Integer.BYTES;
                INT.set(corners, at, box.top());
                INT.set(corners, at + Integer.BYTES, box.left());
                INT.set(corners, at + 2 * Integer.BYTES, box.bottom());
                INT.set(corners, at + 3 * Integer.BYTES, box.right());
            }
        }
        members.add(new OutputArray("cut", NpyDtype.UINT8, new long[] {boxes.length}, cut));
        members.add(new OutputArray("box", NpyDtype.INT32, new long[] {boxes.length, 4}, corners));
    }

    static void writeNpz(List<OutputArray> members, OutputStream out) throws IOException {
        try (NpzWriter npz = new NpzWriter(out)) {
            for (OutputArray array : members) {
                npz.add(array.name(), array.dtype(), array.shape(), array.data(), 0, array.data().length);
            }
        }
    }

    /** Returns the bytes written. */
    static long writeNpy(List<OutputArray> members, OutputStream out) throws IOException {
        long written = 0;
        for (OutputArray array : members) {
            byte[] header = NpyWriter.header(array.dtype(), array.shape());
            out.write(header);
            out.write(array.data());
            written += header.length + array.data().length;
        }
        return written;
    }

    static long npyLength(List<OutputArray> members) {
        long length = 0;
        for (OutputArray array : members) {
            length += NpyWriter.header(array.dtype(), array.shape()).length + array.data().length;
        }
        return length;
    }

    private static byte[] indices(int[] values) {
        byte[] bytes = new byte[values.length * Long.BYTES];
        for (int b = 0; b < values.length; b++) {
            LONG.set(bytes, b * Long.BYTES, (long) values[b]);
        }
        return bytes;
    }
}
