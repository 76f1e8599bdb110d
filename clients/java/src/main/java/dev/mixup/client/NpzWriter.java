package dev.mixup.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes INDArrays as an uncompressed {@code .npz}, as {@code np.savez} does. ND4J's own writer is not
 * used: it writes a view's whole backing buffer and closes the stream it is given.
 */
final class NpzWriter {

    private NpzWriter() {
    }

    static void write(Map<String, INDArray> members, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, INDArray> member : members.entrySet()) {
            INDArray array = member.getValue();
            NpyDtype dtype = NpyDtype.ofNd4j(array.dataType()).orElseThrow(() -> new IllegalArgumentException(
                    "array '" + member.getKey() + "' has data type " + array.dataType() + ", which .npy cannot hold"));
            INDArray contiguous = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
            byte[] header = header(dtype, contiguous.shape());
            ByteBuffer data = contiguous.data().asNio().order(ByteOrder.LITTLE_ENDIAN)
                    .limit((int) (contiguous.length() * dtype.itemSize()));
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(data.duplicate());
            ZipEntry entry = new ZipEntry(member.getKey() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(header.length + (long) data.remaining());
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(header);
            byte[] chunk = new byte[64 * 1024];
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                zip.write(chunk, 0, n);
            }
            zip.closeEntry();
        }
        zip.finish();
    }

    /** Version 1.0, padded with spaces so that the data starts at a multiple of 64 bytes. */
    static byte[] header(NpyDtype dtype, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long dimension : shape) {
            dims.append(dimension).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.toString().replaceAll(", $", "") + ")";
        String dictionary = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = 10 + dictionary.length() + 1;
        String text = dictionary + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return header.array();
    }
}
