package dev.mixup.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** An upload becomes stored arrays, and the manifest records which label arrays were class ids. */
class DatasetImporterTests {

    private static final int SAMPLES = 6;

    @TempDir
    Path dir;

    @Test
    void classIdsAreOneHotEncodedAndMarkedOtherLabelsKeptAsFloat32() throws IOException {
        Path upload = dir.resolve("upload.npz");
        try (OutputStream out = Files.newOutputStream(upload); NpzWriter npz = new NpzWriter(out)) {
            npz.add("x", NpyDtype.UINT8, new long[] {SAMPLES, 2, 2}, new byte[SAMPLES * 4], 0, SAMPLES * 4);
            byte[] ids = little(SAMPLES * Long.BYTES, b -> {
                for (int n = 0; n < SAMPLES; n++) {
                    b.putLong(n % 3);
                }
            });
            npz.add("y", NpyDtype.INT64, new long[] {SAMPLES}, ids, 0, ids.length);
            byte[] column = little(SAMPLES * Integer.BYTES, b -> {
                for (int n = 0; n < SAMPLES; n++) {
                    b.putInt(n % 2);
                }
            });
            npz.add("c", NpyDtype.INT32, new long[] {SAMPLES, 1}, column, 0, column.length);
            byte[] targets = little(SAMPLES * 2 * Double.BYTES, b -> {
                for (int i = 0; i < SAMPLES * 2; i++) {
                    b.putDouble(i * 0.5);
                }
            });
            npz.add("t", NpyDtype.FLOAT64, new long[] {SAMPLES, 2}, targets, 0, targets.length);
        }
        Path staging = dir.resolve("staging");
        DatasetImporter.StoredArrays arrays;
        try (StagedFiles files = new StagedFiles(staging, "labels", 1L << 20, new DiskSpace(new FakeFileStore(1L << 30, 1L << 30)))) {
            arrays = DatasetImporter.importArchive(upload, new ImportOptions("x", List.of("y", "t", "c"), null), files);
        }

        assertThat(arrays.labels()).containsExactly(
                new LabelInfo("y", List.of((long) SAMPLES, 3L), "float32", true),
                new LabelInfo("t", List.of((long) SAMPLES, 2L), "float32", false),
                new LabelInfo("c", List.of((long) SAMPLES, 2L), "float32", true));
        MappedArray y = MappedArray.map(staging.resolve(DatasetImporter.labelFile(0)));
        MappedArray t = MappedArray.map(staging.resolve(DatasetImporter.labelFile(1)));
        DatasetSamples samples = new DatasetSamples(MappedArray.map(staging.resolve(DatasetImporter.IMAGES_FILE)), List.of(y, t),
                List.of(true, false));
        float[] row = new float[3];
        samples.readLabel(0, 4, row);
        assertThat(row).containsExactly(0, 1, 0);
        float[] target = new float[2];
        samples.readLabel(1, 4, target);
        assertThat(target).containsExactly(4, 4.5f);
    }

    @Test
    void manifestsWrittenBeforeTheFlagReadAsNotClassIds() {
        LabelInfo old = JsonMapper.builder().build().readValue("{\"name\":\"y\",\"shape\":[6,3],\"dtype\":\"float32\"}", LabelInfo.class);
        assertThat(old).isEqualTo(new LabelInfo("y", List.of(6L, 3L), "float32", false));
    }

    private interface Fill {
        void into(ByteBuffer buffer);
    }

    private static byte[] little(int bytes, Fill fill) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.into(buffer);
        return buffer.array();
    }
}
