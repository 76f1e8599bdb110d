package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mixup.npy.Fixtures.Expected;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NpzArchiveTests {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mixup.npy.Fixtures#expectedNpzMembers")
    void readsWhatNumpyWrote(Expected expected) throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path(expected.file()))) {
            NpyHeader header = archive.header(expected.member());
            assertThat(header.dtype().numpyName()).isEqualTo(expected.dtype());
            assertThat(header.byteOrder()).isEqualTo(expected.order());
            assertThat(header.fortranOrder()).isEqualTo(expected.fortranOrder());
            assertThat(header.shape()).isEqualTo(expected.shape());
            byte[] data = Fixtures.readAll(archive.openData(expected.member()));
            assertThat(Fixtures.decode(header, data)).containsExactly(expected.values());
        }
    }

    @ParameterizedTest
    @CsvSource({"savez.npz, x, y", "savez_compressed.npz, x, y", "zip64.npz, x, y", "data_descriptors.npz, arr_0, arr_1"})
    void listsArraysInArchiveOrder(String fixture, String first, String second) throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path(fixture))) {
            assertThat(archive.names()).containsExactly(first, second);
        }
    }

    @Test
    void readsDeflatedMembersWithDataDescriptorsAsJavaWritesThem() throws IOException {
        byte[] data = {1, 2, 3, 4, 5, 6};
        Path file = zip(List.of("labels.npy"), entry -> concat(NpyWriter.header(NpyDtype.INT16, 3), data), ZipEntry.DEFLATED);
        try (NpzArchive archive = NpzArchive.open(file)) {
            assertThat(archive.header("labels").shape()).containsExactly(3);
            assertThat(Fixtures.readAll(archive.openData("labels"))).containsExactly(data);
        }
    }

    @Test
    void deliversExactlyTheDeclaredBytesAndThenEnds() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("savez.npz"));
             InputStream in = archive.openData("y")) {
            assertThat(in.readNBytes(40)).hasSize(40);
            assertThat(in.read(new byte[100], 0, 100)).isEqualTo(8);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[1])).isEqualTo(-1);
        }
    }

    @Test
    void canReadTheSameArrayRepeatedly() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("savez_compressed.npz"))) {
            assertThat(Fixtures.readAll(archive.openData("x"))).isEqualTo(Fixtures.readAll(archive.openData("x")));
        }
    }

    @Test
    void namesTheArraysThereAreWhenOneIsMissing() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("savez.npz"))) {
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> archive.header("images"))
                    .withMessage("the archive has no array 'images'; its arrays are 'x', 'y'");
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> archive.openData("x.npy"))
                    .withMessage("the archive has no array 'x.npy'; its arrays are 'x', 'y'");
        }
    }

    @Test
    void listsOnlyTheFirstNamesOfABigArchive() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            names.add("arr_" + i + ".npy");
        }
        try (NpzArchive archive = NpzArchive.open(zip(names, entry -> NpyWriter.header(NpyDtype.UINT8, 0), ZipEntry.STORED))) {
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> archive.header("x"))
                    .withMessageStartingWith("the archive has no array 'x'; its arrays are 'arr_0', 'arr_1',")
                    .withMessageEndingWith("'arr_19' and 5 more");
        }
    }

    @Test
    void acceptsAnEmptyArchive() throws IOException {
        try (NpzArchive archive = NpzArchive.open(zip(List.of(), entry -> new byte[0], ZipEntry.STORED))) {
            assertThat(archive.names()).isEmpty();
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> archive.header("x"))
                    .withMessage("the archive has no array 'x'; it is empty");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "hostile_object.npz;           member 'y.npy': unsupported dtype: '|O' holds Python objects, stored as a pickle, and pickles are never accepted",
            "hostile_not_zip.npz;          not a .npz (zip) file",
            "hostile_truncated.npz;        not a readable .npz (zip) file: it starts like one, but its zip structure is damaged, truncated or uses unsupported features (zip END header not found)",
            "hostile_lying_shape.npz;      member 'x.npy' is truncated: header declares (1000,) float64 = 8000 bytes, found 80",
            "hostile_trailing.npz;         member 'x.npy' has 4 bytes after the data its header declares: (10,) float64 = 80 bytes",
            "hostile_not_npy_member.npz;   member 'README.txt' is not a .npy file; every member of a .npz must be named NAME.npy",
            "hostile_directory_member.npz; member 'data/x.npy' is inside a directory; array names must be flat",
            "hostile_duplicate.npz;        member 'x.npy' appears twice in the archive",
            "hostile_bzip2.npz;            not a readable .npz (zip) file: it starts like one, but its zip structure is damaged, truncated or uses unsupported features (invalid CEN header (bad compression method: 12))",
            "dtype_float32.npy;            not a .npz (zip) file but a single .npy array; save arrays with np.savez or np.savez_compressed",
    })
    void rejectsHostileArchivesWhenOpening(String fixture, String message) {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpzArchive.open(Fixtures.path(fixture)).close())
                .withMessageStartingWith(message);
    }

    @Test
    void stopsAZipBombAfterTheDeclaredBytes() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("hostile_zip_bomb.npz"));
             InputStream in = archive.openData("x")) {
            assertThat(archive.header("x").dataBytes()).isEqualTo(16);
            assertThat(in.readNBytes(15)).hasSize(15);
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(in::read)
                    .withMessage("member 'x.npy' holds more data than its header declares: (16,) uint8 = 16 bytes");
        }
    }

    @Test
    void detectsCorruptDataByItsCrc() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("hostile_crc.npz"))) {
            assertThat(Fixtures.readAll(archive.openData("y"))).hasSize(48);
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> Fixtures.readAll(archive.openData("x")))
                    .withMessageMatching("member 'x\\.npy' is corrupt: its CRC-32 is [0-9a-f]{8} but the zip directory says [0-9a-f]{8}");
        }
    }

    @Test
    void reportsADamagedDeflateStreamAsAFormatError() throws IOException {
        try (NpzArchive archive = NpzArchive.open(Fixtures.path("hostile_deflate_damaged.npz"))) {
            assertThatExceptionOfType(NpyFormatException.class)
                    .isThrownBy(() -> Fixtures.readAll(archive.openData("x")))
                    .withMessage("member 'x.npy' is damaged: invalid distance too far back")
                    .withCauseInstanceOf(java.util.zip.ZipException.class);
        }
    }

    @Test
    void reportsADamagedHeaderAsAFormatErrorWhenOpening() throws IOException {
        Path file = zip(List.of("x.npy"), entry -> NpyWriter.header(NpyDtype.UINT8, 0), ZipEntry.DEFLATED);
        byte[] bytes = Files.readAllBytes(file);
        int nameLength = bytes[26] & 0xFF | (bytes[27] & 0xFF) << 8;
        int extraLength = bytes[28] & 0xFF | (bytes[29] & 0xFF) << 8;
        bytes[30 + nameLength + extraLength] |= 0x06; // block type 3: reserved, invalid
        Files.write(file, bytes);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpzArchive.open(file))
                .withMessage("member 'x.npy' is damaged: invalid block type");
    }

    @Test
    void rejectsEmptyFilesAndReportsMissingOnesAsIoErrors() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.npz"));
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpzArchive.open(empty))
                .withMessage("not a .npz (zip) file");
        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> NpzArchive.open(temp.resolve("missing.npz")))
                .isNotInstanceOf(NpyFormatException.class);
    }

    @Test
    void refusesMoreThan4096Members() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= NpzArchive.MAX_MEMBERS; i++) {
            names.add("a" + i + ".npy");
        }
        Path file = zip(names, entry -> NpyWriter.header(NpyDtype.UINT8, 0), ZipEntry.STORED);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> NpzArchive.open(file))
                .withMessage("the archive has 4097 members; at most 4096 are accepted");
    }

    @Test
    void refusesMembersWithUnusableNames() throws IOException {
        for (String name : List.of(".npy", "..npy", "...npy", "a\\b.npy", "tab\t.npy", "x.NPY", "dir/")) {
            Path file = zip(List.of(name), entry -> NpyWriter.header(NpyDtype.UINT8, 0), ZipEntry.STORED);
            assertThatExceptionOfType(NpyFormatException.class).as(name)
                    .isThrownBy(() -> NpzArchive.open(file))
                    .withMessageStartingWith("member '");
        }
    }

    /**
     * On Linux, counts open descriptors: every failure path must close the zip file. Each round
     * opens fresh copies, since ZipFile shares one descriptor among all opens of the same file.
     */
    @Test
    void leaksNoFileHandles() throws IOException {
        Path descriptors = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(descriptors), "needs /proc/self/fd");
        List<String> fixtures = List.of("hostile_object.npz", "hostile_truncated.npz", "hostile_lying_shape.npz",
                "hostile_trailing.npz", "hostile_not_npy_member.npz", "hostile_duplicate.npz", "hostile_bzip2.npz",
                "hostile_not_zip.npz", "hostile_zip_bomb.npz", "hostile_crc.npz", "hostile_deflate_damaged.npz",
                "dtype_uint8.npy");
        openAndReadCopies(fixtures);
        long before = countEntries(descriptors);
        for (int i = 0; i < 10; i++) {
            openAndReadCopies(fixtures);
        }
        assertThat(countEntries(descriptors)).isLessThanOrEqualTo(before + 2);
    }

    private void openAndReadCopies(List<String> fixtures) throws IOException {
        for (String fixture : fixtures) {
            Path copy = Files.copy(Fixtures.path(fixture), Files.createTempFile(temp, "copy", ".npz"),
                    StandardCopyOption.REPLACE_EXISTING);
            try (NpzArchive archive = NpzArchive.open(copy)) {
                for (String name : archive.names()) {
                    Fixtures.readAll(archive.openData(name));
                }
            } catch (NpyFormatException expected) {
                // every one of them fails somewhere; only the descriptors matter here
            }
        }
    }

    private static long countEntries(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.count();
        }
    }

    private interface Content {
        byte[] of(String entryName);
    }

    /** A zip made by java.util.zip; DEFLATED entries get data descriptors, as sizes are not set. */
    private Path zip(List<String> entryNames, Content content, int method) throws IOException {
        Path file = Files.createTempFile(temp, "java", ".npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(method);
            for (String name : entryNames) {
                byte[] bytes = content.of(name);
                ZipEntry entry = new ZipEntry(name);
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    entry.setSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return file;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
