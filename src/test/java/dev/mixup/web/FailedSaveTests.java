package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.mixup.testing.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cursor moves only when it is saved. When the save fails, the request is a 5xx problem, the
 * position is where it was (in the service and on disk), nothing is left in {@code tmp/}, and the
 * next call serves the step the failed one would have.
 */
class FailedSaveTests {

    @TempDir
    Path root;

    @Test
    void aPositionThatCannotBeSavedIsA503AndTheNextCallServesTheSameStep() throws Exception {
        Path dataDir = Files.createDirectories(root.resolve("data"));
        try (ConfigurableApplicationContext service = start(dataDir)) {
            ApiClient api = client(service);
            String session = openAndPullTwice(api);
            byte[] step2 = api.get("/v1/sessions/" + session + "/batches/2").body();
            // the rename that replaces the session's file fails: a directory is in the way
            Path file = dataDir.resolve("sessions").resolve(session + ".json");
            byte[] saved = Files.readAllBytes(file);
            Files.delete(file);
            Files.createDirectories(file.resolve("in-the-way"));

            for (HttpResponse<byte[]> failed : List.of(next(api, session), stream(api, session),
                    api.send("PUT", "/v1/sessions/" + session + "/position", "application/json", "{\"step\": 7}".getBytes(), null))) {
                assertThat(failed.statusCode()).isEqualTo(503);
                assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(failed.headers().firstValue("Retry-After")).isPresent();
                assertThat(api.json(failed).get("detail").asString()).contains("could not be saved");
            }
            assertThat(position(api, session)).isEqualTo(2);
            assertThat(files(dataDir.resolve("tmp"))).isEmpty();

            Files.delete(file.resolve("in-the-way"));
            Files.delete(file);
            Files.write(file, saved);
            HttpResponse<byte[]> next = next(api, session);
            assertThat(next.headers().firstValue("Mixup-Step")).hasValue("2");
            assertThat(next.body()).isEqualTo(step2);
        }
    }

    @Test
    void aFullDiskIsA507AndTheNextCallServesTheSameStep() throws Exception {
        try (SmallDisk disk = SmallDisk.mount("failed-save", 1 << 20)) {
            Path dataDir = disk.directory().resolve("data");
            try (ConfigurableApplicationContext service = start(dataDir)) {
                ApiClient api = client(service);
                String session = openAndPullTwice(api);
                String dataset = api.json(api.get("/v1/sessions/" + session)).get("dataset_id").asString();
                byte[] step2 = api.get("/v1/sessions/" + session + "/batches/2").body();
                disk.leaveFree(0);

                for (HttpResponse<byte[]> failed : List.of(next(api, session), stream(api, session),
                        api.postJson("/v1/sessions", "{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}"))) {
                    assertThat(failed.statusCode()).isEqualTo(507);
                    assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                }
                assertThat(position(api, session)).isEqualTo(2);
                assertThat(api.listAll("/v1/sessions")).hasSize(1);
                assertThat(files(dataDir.resolve("tmp"))).isEmpty();

                disk.roomy();
                HttpResponse<byte[]> next = next(api, session);
                assertThat(next.headers().firstValue("Mixup-Step")).hasValue("2");
                assertThat(next.body()).isEqualTo(step2);
            }
        }
    }

    private static String openAndPullTwice(ApiClient api) throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(32, 4, 4, 3, 10), "name=saved");
        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2,\"seed\":4}");
        for (int step = 0; step < 2; step++) {
            assertThat(next(api, session).headers().firstValue("Mixup-Step")).hasValue(Integer.toString(step));
        }
        return session;
    }

    private static HttpResponse<byte[]> next(ApiClient api, String session) {
        return api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
    }

    private static HttpResponse<byte[]> stream(ApiClient api, String session) {
        return api.send("POST", "/v1/sessions/" + session + "/stream?batches=3", null, null, null);
    }

    private static long position(ApiClient api, String session) {
        return api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong();
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
