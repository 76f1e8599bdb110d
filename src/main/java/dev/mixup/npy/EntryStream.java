package dev.mixup.npy;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The raw bytes of one zip entry. The JDK reports a bad local header, corrupt deflate data or a
 * deflate stream that ends early as ZipException or EOFException; here they become
 * NpyFormatException naming the member, because they are a problem of the uploaded file, not
 * an I/O failure of the server.
 */
final class EntryStream extends FilterInputStream {

    private final String entryName;

    private EntryStream(InputStream in, String entryName) {
        super(in);
        this.entryName = entryName;
    }

    static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        try {
            return new EntryStream(zip.getInputStream(entry), entry.getName());
        } catch (ZipException e) {
            throw damaged(entry.getName(), e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (ZipException | EOFException e) {
            throw damaged(entryName, e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (ZipException | EOFException e) {
            throw damaged(entryName, e);
        }
    }

    static NpyFormatException damaged(String entryName, IOException cause) {
        return new NpyFormatException("member " + Excerpt.quote(entryName) + " is damaged: " + cause.getMessage(), cause);
    }
}
