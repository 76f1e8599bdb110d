package dev.mixup.web;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mixup.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void prometheusCountsDatasetsSessionsBatchesAndBytes() throws Exception {
        ApiClient api = new ApiClient(port, null);
        String dataset = api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 3, 2), "name=m");
        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        api.send("POST", "/v1/sessions/" + session + "/stream?batches=3", null, null, null);
        String metrics = new String(api.get("/actuator/prometheus").body());
        assertThat(metrics).contains("mixup_datasets_registered_total 1.0", "mixup_sessions_opened_total 1.0",
                "mixup_batches_served_total 3.0", "mixup_datasets_stored 1.0", "mixup_sessions_open 1.0");
        assertThat(metrics).containsPattern("mixup_batch_bytes_served_bytes_total [1-9]");
    }
}
