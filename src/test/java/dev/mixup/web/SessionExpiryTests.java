package dev.mixup.web;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mixup.session-ttl=1s", "mixup.session-sweep-interval=100ms"})
class SessionExpiryTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mixup.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void idleSessionsAreRemovedWhileUsedOnesStay() throws Exception {
        ApiClient api = new ApiClient(port, null);
        String dataset = api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 1, 2), "name=ttl");
        String idle = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        String busy = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (api.get("/v1/sessions/" + idle).statusCode() != 404 && System.nanoTime() < deadline) {
            api.send("POST", "/v1/sessions/" + busy + "/next", null, null, null);
            Thread.sleep(100);
        }
        assertThat(api.get("/v1/sessions/" + idle).statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/sessions/" + busy).statusCode()).isEqualTo(200);
        assertThat(dataDir.resolve("sessions").resolve(idle + ".json")).doesNotExist();
    }
}
