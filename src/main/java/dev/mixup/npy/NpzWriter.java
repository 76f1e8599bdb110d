package dev.mixup.npy;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an uncompressed .npz, as {@code np.savez} does, member by member to a stream: each
 * member is written as soon as it is added and nothing else is buffered. Members are STORED
 * with their size and CRC-32 in the local header, so readers need no data descriptors.
 *
 * <p>The output depends only on the members: timestamps are fixed, as in {@code np.savez}.
 * Archives beyond 4 GiB get zip64 records from {@link ZipOutputStream}, which NumPy reads.
 */
public final class NpzWriter implements Closeable {

    /** The zip format's earliest date, which np.savez also stamps on every member. */
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** ZipOutputStream writes its headers a few bytes at a time; this gathers them. */
    private final BufferedOutputStream buffered;
    private final ZipOutputStream zip;
    private final Set<String> names = new HashSet<>();
    private boolean finished;

    /** Writes to {@code out}, which {@link #close()} leaves open. */
    public NpzWriter(OutputStream out) {
        this.buffered = new BufferedOutputStream(Objects.requireNonNull(out, "out"));
        this.zip = new ZipOutputStream(buffered);
    }

    /**
     * Writes array {@code name} (member {@code name.npy}): a version 1.0 little-endian C-order
     * header for {@code dtype} and {@code shape}, then {@code length} bytes of {@code data}.
     *
     * @throws IllegalArgumentException if the name is not a flat name or is already used, the
     *                                  shape is not valid, or {@code length} is not the shape's size in bytes
     * @throws IllegalStateException    after {@link #finish()}
     */
    public void add(String name, NpyDtype dtype, long[] shape, byte[] data, int offset, int length) throws IOException {
        if (finished) {
            throw new IllegalStateException("the archive is finished; no more members can be added");
        }
        String entryName = MemberNames.entryName(name);
        Objects.checkFromIndexSize(offset, length, data.length);
        NpyHeader header = new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape);
        if (length != header.dataBytes()) {
            throw new IllegalArgumentException("array " + Excerpt.quote(name) + " is " + header.describe() + " = "
                    + header.dataBytes() + " bytes, but " + length + " bytes were given");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("the archive already has an array " + Excerpt.quote(name));
        }
        byte[] npyHeader = NpyWriter.header(dtype, shape);
        CRC32 crc = new CRC32();
        crc.update(npyHeader);
        crc.update(data, offset, length);

        ZipEntry entry = new ZipEntry(entryName);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(npyHeader.length + (long) length);
        entry.setCompressedSize(entry.getSize());
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ZIP_EPOCH);
        zip.putNextEntry(entry);
        zip.write(npyHeader);
        zip.write(data, offset, length);
        zip.closeEntry();
    }

    /** Writes the central directory and flushes; later calls do nothing. Does not close the stream. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            zip.finish();
            buffered.flush();
        }
    }

    /** The same as {@link #finish()}: the stream given to the constructor stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }
}
