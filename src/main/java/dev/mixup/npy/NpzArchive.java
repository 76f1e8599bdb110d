package dev.mixup.npy;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A .npz archive on local disk, as written by {@code np.savez} or {@code np.savez_compressed}
 * (stored or deflated members, zip64, data descriptors), checked before anything is read from it.
 *
 * <p>{@link #open} reads the .npy header of every member and checks that the member's size in
 * the zip directory is exactly that header plus the data it declares; {@link #openData} then
 * delivers exactly that many bytes and verifies the CRC-32. Together they defeat lying headers
 * and zip bombs: no member can make a reader inflate more than it declared. Every member must be
 * a flat {@code NAME.npy}, unique, and there are at most {@value #MAX_MEMBERS} of them.
 *
 * <p>Safe for concurrent use: each {@link #openData} stream is independent.
 */
public final class NpzArchive implements Closeable {

    static final int MAX_MEMBERS = 4096;

    /** How many member names an error message lists before it says "and N more". */
    private static final int NAMES_SHOWN = 20;

    private final ZipFile zip;
    private final Map<String, Member> members;
    private final List<String> names;

    private record Member(ZipEntry entry, NpyHeader header, int preambleLength) {
    }

    private NpzArchive(ZipFile zip, Map<String, Member> members) {
        this.zip = zip;
        this.members = members;
        this.names = List.copyOf(members.keySet());
    }

    /**
     * Opens and checks an archive.
     *
     * @throws NpyFormatException if the file is not a .npz this package accepts, saying why
     * @throws IOException        if the file cannot be read
     */
    public static NpzArchive open(Path file) throws IOException {
        ZipFile zip = openZip(file);
        try {
            return new NpzArchive(zip, readMembers(zip));
        } catch (Throwable failure) {
            try {
                zip.close();
            } catch (IOException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
    }

    /** The array names (member names without ".npy"), in archive order. */
    public List<String> names() {
        return names;
    }

    /** @throws NpyFormatException if there is no such member; the message lists the members there are */
    public NpyHeader header(String name) throws NpyFormatException {
        return member(name).header();
    }

    /**
     * The data of array {@code name}: exactly {@code header(name).dataBytes()} bytes. Reading
     * fails with {@link NpyFormatException} if the member turns out shorter or longer than its
     * header declares, or its CRC-32 does not match; the check comes with the last byte, before
     * the read that returns it completes.
     */
    public InputStream openData(String name) throws IOException {
        Member member = member(name);
        String entryName = member.entry().getName();
        CheckedInputStream in = new CheckedInputStream(EntryStream.open(zip, member.entry()), new CRC32());
        try {
            byte[] preamble = in.readNBytes(member.preambleLength());
            if (preamble.length < member.preambleLength()) {
                throw new NpyFormatException("member " + Excerpt.quote(entryName) + " is damaged: it ends in its header");
            }
            return MemberDataStream.open(in, member.entry().getCrc(), entryName, member.header());
        } catch (Throwable failure) {
            in.close();
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    static NpyFormatException truncated(String entryName, NpyHeader header, long found) {
        return new NpyFormatException("member " + Excerpt.quote(entryName) + " is truncated: header declares "
                + header.describe() + " = " + header.dataBytes() + " bytes, found " + found);
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(notAZip(file, e));
        }
    }

    /** Says what the file looks like instead, since "not a zip" alone rarely helps. */
    private static String notAZip(Path file, ZipException e) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(NpyReader.MAGIC.length);
        }
        if (Arrays.equals(start, NpyReader.MAGIC)) {
            return "not a .npz (zip) file but a single .npy array; save arrays with np.savez or np.savez_compressed";
        }
        if (start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
            // the JDK's reason (no END header, bad CEN header...) is jargon, but specific
            return "not a readable .npz (zip) file: it starts like one, but its zip structure is damaged, truncated"
                    + " or uses unsupported features (" + e.getMessage() + ")";
        }
        return "not a .npz (zip) file";
    }

    /** Checks every name before reading any member: ZipFile reads a duplicate name's last entry. */
    private static Map<String, Member> readMembers(ZipFile zip) throws IOException {
        if (zip.size() > MAX_MEMBERS) {
            throw new NpyFormatException("the archive has " + zip.size() + " members; at most " + MAX_MEMBERS
                    + " are accepted");
        }
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entries.put(MemberNames.arrayName(entry.getName()), entry) != null) {
                throw new NpyFormatException("member " + Excerpt.quote(entry.getName()) + " appears twice in the archive");
            }
        }
        Map<String, Member> members = new LinkedHashMap<>();
        for (Map.Entry<String, ZipEntry> entry : entries.entrySet()) {
            members.put(entry.getKey(), readMember(zip, entry.getValue()));
        }
        return Collections.unmodifiableMap(members);
    }

    /** ZipFile has already refused compression methods other than stored and deflated. */
    private static Member readMember(ZipFile zip, ZipEntry entry) throws IOException {
        String entryName = entry.getName();
        String quoted = "member " + Excerpt.quote(entryName);
        NpyReader.Preamble preamble;
        // the raw stream, so that only the reader's own messages get the member prefix
        try (InputStream in = zip.getInputStream(entry)) {
            preamble = NpyReader.readPreamble(in);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(quoted + ": " + e.getMessage());
        } catch (ZipException | EOFException e) {
            throw EntryStream.damaged(entryName, e);
        }
        NpyHeader header = preamble.header();
        long size = entry.getSize();
        if (size < preamble.length()) {
            throw new NpyFormatException(quoted + " is damaged: the zip directory gives it " + size
                    + " bytes, fewer than its " + preamble.length() + "-byte .npy header");
        }
        long found = size - preamble.length();
        if (found < header.dataBytes()) {
            throw truncated(entryName, header, found);
        }
        if (found > header.dataBytes()) {
            throw new NpyFormatException(quoted + " has " + (found - header.dataBytes())
                    + " bytes after the data its header declares: " + header.describe() + " = "
                    + header.dataBytes() + " bytes");
        }
        return new Member(entry, header, preamble.length());
    }

    private Member member(String name) throws NpyFormatException {
        Member member = members.get(name);
        if (member == null) {
            throw new NpyFormatException("the archive has no array " + Excerpt.quote(name) + "; "
                    + (names.isEmpty() ? "it is empty" : "its arrays are " + listed(names)));
        }
        return member;
    }

    private static String listed(List<String> names) {
        String shown = names.stream().limit(NAMES_SHOWN).map(Excerpt::quote).collect(Collectors.joining(", "));
        return names.size() > NAMES_SHOWN ? shown + " and " + (names.size() - NAMES_SHOWN) + " more" : shown;
    }
}
