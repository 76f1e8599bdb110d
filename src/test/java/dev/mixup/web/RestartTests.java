package dev.mixup.web;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.start;
import static org.assertj.core.api.Assertions.assertThat;

/** Datasets and sessions live in the data directory: a new process on it carries on where the old one stopped. */
class RestartTests {

    @TempDir
    Path dataDir;

    @Test
    void datasetsSessionsAndPositionsSurviveARestart() throws Exception {
        String dataset;
        String session;
        byte[] step3;
        byte[] step5;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            ApiClient api = client(first);
            dataset = api.uploadDataset(NpzFixtures.dataset(40, 3, 3, 3, 4), "name=kept");
            session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":4,"
                    + "\"datagen\":{\"featurewise_center\":true,\"zoom_range\":0.2}}");
            for (int i = 0; i < 3; i++) {
                api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
            }
            step3 = api.get("/v1/sessions/" + session + "/batches/3").body();
            step5 = api.get("/v1/sessions/" + session + "/batches/5").body();
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            ApiClient api = client(second);
            assertThat(api.json(api.get("/v1/datasets/" + dataset)).get("name").asString()).isEqualTo("kept");
            assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(3);
            var next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
            assertThat(next.headers().firstValue("Mixup-Step")).hasValue("3");
            assertThat(next.body()).isEqualTo(step3);
            api.send("PUT", "/v1/sessions/" + session + "/position", "application/json", "{\"step\": 5}".getBytes(), null);
        }
        try (ConfigurableApplicationContext third = start(dataDir)) {
            ApiClient api = client(third);
            var next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
            assertThat(next.headers().firstValue("Mixup-Step")).hasValue("5");
            assertThat(next.body()).isEqualTo(step5);
        }
    }
}
