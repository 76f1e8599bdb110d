package dev.mixup.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Just enough of the NumPy file formats to drive the container test from plain Java: writes a
 * {@code .npz} the way {@code np.savez} does (a zip of STORED {@code .npy} members with v1.0
 * headers) and reads the members of one back. Deliberately independent of the service's own
 * {@code dev.mixup.npy} code, so the image is tested against the format, not against itself.
 */
final class NpzFiles {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");

    private NpzFiles() {
    }

    /** A {@code .npy} v1.0 file: magic, version, little-endian header length, padded header, data. */
    static byte[] npy(String descr, int[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // + '\n'
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return out.array();
    }

    /** {@code x}: uint8 (n, h, w, c) with a deterministic pattern; {@code y}: int64 class ids (n,). */
    static byte[] imageDataset(int n, int h, int w, int c, int classes) {
        byte[] x = new byte[n * h * w * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) ((i * 31 + i / (h * w * c) * 17) & 0xff);
        }
        ByteBuffer y = ByteBuffer.allocate(n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            y.putLong(i % classes);
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("x.npy", npy("|u1", new int[] {n, h, w, c}, x));
        members.put("y.npy", npy("<i8", new int[] {n}, y.array()));
        return zipStored(members);
    }

    /** A zip with STORED (uncompressed) entries, like {@code np.savez}. */
    static byte[] zipStored(Map<String, byte[]> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                byte[] content = member.getValue();
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry entry = new ZipEntry(member.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Member name to raw {@code .npy} bytes, in archive order. */
    static Map<String, byte[]> members(byte[] npz) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                members.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    /** The header dict of a {@code .npy} (v1.0 or v2.0) as text. */
    static String header(byte[] npy) {
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int major = npy[6];
        int length = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        return new String(npy, start, length, StandardCharsets.ISO_8859_1);
    }

    static String shape(byte[] npy) {
        Matcher m = SHAPE.matcher(header(npy));
        return m.find() ? m.group(1).replaceAll("\\s|,$", "") : null;
    }

    static String descr(byte[] npy) {
        Matcher m = DESCR.matcher(header(npy));
        return m.find() ? m.group(1) : null;
    }
}
