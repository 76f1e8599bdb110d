package dev.mixup.npy;

import dev.mixup.testing.Python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTests {

    /** Loads the archive the way a client does and prints, per array, what NumPy sees. */
    private static final String NUMPY_LOAD = """
            import hashlib, io, sys, zipfile
            import numpy as np
            data = open(sys.argv[1], "rb").read()
            archive = np.load(io.BytesIO(data), allow_pickle=False)
            members = zipfile.ZipFile(io.BytesIO(data))
            for name in archive.files:
                a = archive[name]
                saved = io.BytesIO()
                np.save(saved, a)
                info = members.getinfo(name + ".npy")
                print(name, a.dtype.name, a.shape, hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest(),
                      saved.getvalue() == members.read(name + ".npy"), info.compress_type, info.date_time)
            """;

    @TempDir
    Path temp;

    private record Array(String name, NpyDtype dtype, long[] shape, byte[] data) {

        static Array random(String name, NpyDtype dtype, long[] shape, Random random) {
            byte[] data = new byte[(int) new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape).dataBytes()];
            random.nextBytes(data);
            if (dtype == NpyDtype.BOOL) {
                for (int i = 0; i < data.length; i++) {
                    data[i] &= 1; // NumPy normalises other bytes to 1 when it copies a bool array
                }
            }
            return new Array(name, dtype, shape, data);
        }
    }

    private static List<Array> arrays() {
        Random random = new Random(42);
        List<Array> arrays = new ArrayList<>();
        arrays.add(Array.random("x", NpyDtype.FLOAT32, new long[] {4, 8, 8, 3}, random));
        arrays.add(Array.random("y", NpyDtype.FLOAT32, new long[] {4, 10}, random));
        arrays.add(Array.random("lam", NpyDtype.FLOAT64, new long[] {4}, random));
        arrays.add(Array.random("index1", NpyDtype.INT64, new long[] {4}, random));
        arrays.add(Array.random("images_u8", NpyDtype.UINT8, new long[] {2, 5, 5}, random));
        arrays.add(Array.random("half", NpyDtype.FLOAT16, new long[] {3, 3}, random));
        arrays.add(Array.random("mask", NpyDtype.BOOL, new long[] {7}, random));
        arrays.add(Array.random("scalar", NpyDtype.UINT64, new long[0], random));
        arrays.add(Array.random("empty", NpyDtype.INT32, new long[] {0, 3}, random));
        for (NpyDtype dtype : NpyDtype.values()) {
            arrays.add(Array.random("all_" + dtype.numpyName(), dtype, new long[] {2, 3}, random));
        }
        return arrays;
    }

    private static byte[] write(List<Array> arrays) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NpzWriter writer = new NpzWriter(out)) {
            for (Array array : arrays) {
                writer.add(array.name(), array.dtype(), array.shape(), array.data(), 0, array.data().length);
            }
        }
        return out.toByteArray();
    }

    @Test
    void numpyLoadsExactlyWhatWasWritten() throws Exception {
        List<Array> arrays = arrays();
        Path file = Files.write(temp.resolve("batch.npz"), write(arrays));

        List<String> lines = Python.run(NUMPY_LOAD, file.toString()).lines().toList();

        List<String> expected = new ArrayList<>();
        for (Array array : arrays) {
            // np.save of the loaded array gives the member byte for byte: header and data are NumPy's own
            expected.add(array.name() + " " + array.dtype().numpyName() + " " + NpyHeader.pythonTuple(array.shape())
                    + " " + sha256(array.data()) + " True 0 (1980, 1, 1, 0, 0, 0)");
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void readsBackThroughNpzArchive() throws IOException {
        List<Array> arrays = arrays();
        Path file = Files.write(temp.resolve("batch.npz"), write(arrays));

        try (NpzArchive archive = NpzArchive.open(file)) {
            assertThat(archive.names()).containsExactlyElementsOf(arrays.stream().map(Array::name).toList());
            for (Array array : arrays) {
                assertThat(archive.header(array.name()))
                        .isEqualTo(new NpyHeader(array.dtype(), ByteOrder.LITTLE_ENDIAN, false, array.shape()));
                assertThat(Fixtures.readAll(archive.openData(array.name()))).isEqualTo(array.data());
            }
        }
    }

    @Test
    void writesASliceOfTheGivenArray() throws IOException {
        byte[] buffer = new byte[100];
        ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 7).putInt(44, -7);
        Path file = temp.resolve("slice.npz");
        try (OutputStream out = Files.newOutputStream(file); NpzWriter writer = new NpzWriter(out)) {
            writer.add("pair", NpyDtype.INT32, new long[] {2}, buffer, 40, 8);
        }
        try (NpzArchive archive = NpzArchive.open(file)) {
            NpyHeader header = archive.header("pair");
            assertThat(Fixtures.decode(header, Fixtures.readAll(archive.openData("pair")))).containsExactly(7, -7);
        }
    }

    @Test
    void writesTheSameBytesForTheSameArrays() throws IOException {
        assertThat(write(arrays())).isEqualTo(write(arrays()));
    }

    @Test
    void streamsEachMemberAsItIsAdded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpzWriter writer = new NpzWriter(out);
        writer.add("big", NpyDtype.UINT8, new long[] {100_000}, new byte[100_000], 0, 100_000);
        assertThat(out.size()).isGreaterThan(100_000);
        writer.finish();
        int finished = out.size();
        writer.finish();
        writer.close();
        assertThat(out.size()).isEqualTo(finished);
    }

    @Test
    void leavesTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new FilterOutputStream(new ByteArrayOutputStream()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new NpzWriter(out).close();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void rejectsBadArguments() throws IOException {
        try (NpzWriter writer = new NpzWriter(new ByteArrayOutputStream())) {
            byte[] data = new byte[24];
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.add("x", NpyDtype.FLOAT32, new long[] {2, 4}, data, 0, 24))
                    .withMessage("array 'x' is (2, 4) float32 = 32 bytes, but 24 bytes were given");
            assertThatExceptionOfType(IndexOutOfBoundsException.class)
                    .isThrownBy(() -> writer.add("x", NpyDtype.FLOAT32, new long[] {2, 4}, data, 8, 32));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.add("x", NpyDtype.FLOAT32, new long[] {-6}, data, 0, 24))
                    .withMessage("shape (-6,) has a negative dimension");
            for (String name : List.of("", "a/b", "..", "a\\b", "new\nline")) {
                assertThatIllegalArgumentException().as(name)
                        .isThrownBy(() -> writer.add(name, NpyDtype.UINT8, new long[] {24}, data, 0, 24))
                        .withMessageStartingWith("array name '");
            }
            writer.add("x", NpyDtype.UINT8, new long[] {24}, data, 0, 24);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.add("x", NpyDtype.UINT8, new long[] {24}, data, 0, 24))
                    .withMessage("the archive already has an array 'x'");
            writer.finish();
            assertThatIllegalStateException()
                    .isThrownBy(() -> writer.add("z", NpyDtype.UINT8, new long[] {24}, data, 0, 24))
                    .withMessage("the archive is finished; no more members can be added");
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
