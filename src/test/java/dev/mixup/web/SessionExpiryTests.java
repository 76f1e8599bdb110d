package dev.mixup.web;


import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"mixup.session-ttl=1s", "mixup.session-sweep-interval=100ms"})
class SessionExpiryTests extends RunningServiceTests {

    @Test
    void idleSessionsAreRemovedWhileUsedOnesStay() throws Exception {
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
        assertThat(dataDirectory.sessions().resolve(idle + ".json")).doesNotExist();
    }
}
