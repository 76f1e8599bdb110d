package dev.mixup.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;
import dev.mixup.testing.Python;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Label names NumPy allows, however un-ASCII, come back in the batch and in its header. */
class LabelNameTests extends RunningServiceTests {

    @Test
    void nonAsciiAndSpacedLabelNamesWorkEndToEnd() throws IOException, InterruptedException {
        int samples = 8;
        byte[] x = new byte[samples * 4 * 4];
        byte[] labels = new byte[samples * Long.BYTES];
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        try (NpzWriter writer = new NpzWriter(npz)) {
            writer.add("x", NpyDtype.UINT8, new long[] {samples, 4, 4}, x, 0, x.length);
            writer.add("标签", NpyDtype.INT64, new long[] {samples}, labels, 0, labels.length);
            writer.add("my label%", NpyDtype.INT64, new long[] {samples}, labels, 0, labels.length);
        }
        String y = URLEncoder.encode("标签,my label%", StandardCharsets.UTF_8);
        String dataset = api.uploadDataset(npz.toByteArray(), "name=unicode&num_classes=3&y=" + y);
        String session = api.openSession("{\"dataset_id\": \"" + dataset + "\", \"batch_size\": 2, \"seed\": 1}");

        HttpResponse<byte[]> batch = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);

        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.headers().firstValue(BatchController.ARRAYS_HEADER))
                .hasValue("x,%E6%A0%87%E7%AD%BE,my%20label%25");
        Map<String, NpyArray> arrays = ApiClient.readNpz(batch.body());
        assertThat(arrays).containsKeys("x", "标签", "my label%");
        assertThat(arrays.get("标签").header().shape()).containsExactly(2L, 3L);
        Path file = Files.createTempFile("unicode", ".npz");
        try {
            Files.write(file, batch.body());
            assertThat(Python.run("""
                    import sys, urllib.parse, numpy as np
                    names = [urllib.parse.unquote(n) for n in sys.argv[2].split(',')]
                    batch = np.load(sys.argv[1], allow_pickle=False)
                    print(names == list(batch.files), batch['标签'].shape)
                    """, file.toString(), batch.headers().firstValue(BatchController.ARRAYS_HEADER).orElseThrow()))
                    .contains("True (2, 3)");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
