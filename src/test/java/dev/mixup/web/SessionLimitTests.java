package dev.mixup.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "mixup.max-sessions=3")
class SessionLimitTests extends RunningServiceTests {

    @Test
    void openingMoreThanMaxSessionsIsA429UntilOneIsDeleted() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 1, 2), "name=limit");
        String settings = "{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}";
        String first = api.openSession(settings);
        api.openSession(settings);
        api.openSession(settings);

        HttpResponse<byte[]> refused = api.postJson("/v1/sessions", settings);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(refused).get("detail").asString()).contains("3 sessions", "mixup.max-sessions");
        assertThat(api.listAll("/v1/sessions")).hasSize(3);

        assertThat(api.send("DELETE", "/v1/sessions/" + first, null, null, null).statusCode()).isEqualTo(204);
        assertThat(api.postJson("/v1/sessions", settings).statusCode()).isEqualTo(201);
    }
}
