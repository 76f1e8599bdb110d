package dev.mixup.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;
import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions without rotation, zoom or shear, and without the mixing settings added later
 * ({@code cutmix_alpha}, {@code mix_prob}, ...), serve the same bytes as the release that
 * introduced this test: {@code src/test/resources/golden/batches.tsv} holds the SHA-256 of every
 * served array, written by that release's code. The sessions cover every other datagen setting,
 * the eraser, both dtypes and layouts, grayscale, several label arrays and shards.
 * To rewrite the file (only when a change of bytes is intended and announced):
 * {@code ./mvnw test -Dtest=GoldenBatchTests -Dgolden.write=true}.
 */
class GoldenBatchTests extends RunningServiceTests {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/batches.tsv");
    private static final long[] STEPS = {0, 1, 5, 13};

    @Test
    void sessionsWithoutRotationZoomShearOrNewMixingSettingsKeepTheirBytes() throws Exception {
        String rgb = api.uploadDataset(Images.noise(96, 8, 10, 3, 0, 255, 101).npz(5), "name=golden-rgb");
        String gray = api.uploadDataset(grayWithTwoLabelArrays(), "name=golden-gray&y=y,t");
        Map<String, String> sessions = new LinkedHashMap<>();
        sessions.put("defaults", settings(rgb, "\"seed\":1"));
        sessions.put("readme", settings(rgb, "\"batch_size\":16,\"alpha\":0.2,\"seed\":1,\"datagen\":{\"horizontal_flip\":true,"
                + "\"width_shift_range\":0.1,\"rescale\":0.00392156862745098},\"eraser\":{\"p\":0.5}"));
        sessions.put("int-shifts", settings(rgb, "\"batch_size\":8,\"alpha\":0.4,\"seed\":2,\"datagen\":{\"width_shift_range\":3,"
                + "\"height_shift_range\":2,\"vertical_flip\":true,\"channel_shift_range\":20,\"brightness_range\":[0.7,1.3],"
                + "\"fill_mode\":\"constant\",\"cval\":17,\"featurewise_std_normalization\":true},"
                + "\"dtype\":\"float16\",\"data_format\":\"channels_first\""));
        sessions.put("pixel-shifts", settings(rgb, "\"batch_size\":12,\"alpha\":1.0,\"seed\":3,\"datagen\":{\"width_shift_range\":2.5,"
                + "\"height_shift_range\":1.5,\"fill_mode\":\"reflect\",\"samplewise_std_normalization\":true},"
                + "\"eraser\":{\"p\":1,\"pixel_level\":true,\"s_l\":0.05,\"s_h\":0.2,\"v_l\":10,\"v_h\":50}"));
        sessions.put("wrap", settings(rgb, "\"batch_size\":8,\"seed\":4,\"datagen\":{\"width_shift_range\":0.3,"
                + "\"height_shift_range\":0.25,\"fill_mode\":\"wrap\",\"horizontal_flip\":true,\"vertical_flip\":true,"
                + "\"rescale\":-0.5,\"featurewise_center\":true,\"samplewise_center\":true}"));
        sessions.put("gray-shards", settings(gray, "\"batch_size\":4,\"alpha\":0.3,\"seed\":5,\"shuffle\":false,"
                + "\"shard_index\":1,\"shard_count\":2,\"datagen\":{\"width_shift_range\":1,\"height_shift_range\":0.2},"
                + "\"eraser\":{\"p\":0.5,\"s_l\":0.1,\"s_h\":0.4},\"data_format\":\"channels_first\""));

        List<String> lines = new ArrayList<>();
        for (var session : sessions.entrySet()) {
            String id = api.openSession(session.getValue());
            for (long step : STEPS) {
                HttpResponse<byte[]> plain = api.get("/v1/sessions/" + id + "/batches/" + step);
                assertThat(plain.statusCode()).as(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                lines.add(session.getKey() + "\t" + step + "\tbody\t" + sha256(plain.body()));
                Map<String, NpyArray> provenance = ApiClient.readNpz(
                        api.get("/v1/sessions/" + id + "/batches/" + step + "?provenance=true").body());
                for (String member : List.of("lam", "index1", "index2")) {
                    lines.add(session.getKey() + "\t" + step + "\t" + member + "\t" + sha256(provenance.get(member).data()));
                }
            }
        }
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, lines);
        }
        assertThat(lines).as("served bytes against %s", GOLDEN).containsExactlyElementsOf(Files.readAllLines(GOLDEN));
    }

    /** 64 float32 grayscale (N, H, W) images with class ids {@code y} and two-column float targets {@code t}. */
    private static byte[] grayWithTwoLabelArrays() throws IOException {
        int samples = 64;
        Random random = new Random(102);
        Images images = Images.float32(samples, 6, 7, 1, (n, row, col, c) -> random.nextFloat() * 4 - 1).grayscaleRank3();
        ByteBuffer x = ByteBuffer.allocate(images.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : images.values()) {
            x.putFloat(v);
        }
        ByteBuffer y = ByteBuffer.allocate(samples * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer t = ByteBuffer.allocate(samples * 2 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < samples; n++) {
            y.putLong(n % 3);
            t.putFloat(n / 10f).putFloat(random.nextFloat());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NpzWriter npz = new NpzWriter(out)) {
            npz.add("x", NpyDtype.FLOAT32, new long[] {samples, 6, 7}, x.array(), 0, x.capacity());
            npz.add("y", NpyDtype.INT64, new long[] {samples}, y.array(), 0, y.capacity());
            npz.add("t", NpyDtype.FLOAT32, new long[] {samples, 2}, t.array(), 0, t.capacity());
        }
        return out.toByteArray();
    }

    private static String settings(String datasetId, String fields) {
        return "{\"dataset_id\":\"" + datasetId + "\"," + fields + "}";
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
