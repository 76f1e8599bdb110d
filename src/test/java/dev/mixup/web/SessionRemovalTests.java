package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mixup.dataset.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A removed session stays removed: not brought back by a {@code next} that raced its deletion, not
 * by a restart, and not left behind by the deletion of its dataset.
 */
class SessionRemovalTests {

    @TempDir
    Path dataDir;

    private final ExecutorService pullers = Executors.newFixedThreadPool(6);
    private final ExecutorService deleters = Executors.newFixedThreadPool(6);

    @AfterEach
    void stopThreads() {
        pullers.shutdownNow();
        deleters.shutdownNow();
    }

    @Test
    void aSessionDeletedWhileNextIsCalledNeverComesBack() throws Exception {
        List<String> deleted = new ArrayList<>();
        try (ConfigurableApplicationContext service = start(dataDir)) {
            ApiClient api = client(service);
            String dataset = api.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=race");
            List<Future<String>> races = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                races.add(deleters.submit(() -> deleteWhilePulled(api,
                        api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}"))));
            }
            for (Future<String> race : races) {
                deleted.add(race.get());
            }
            assertThat(api.listAll("/v1/sessions")).isEmpty();
        }
        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            ApiClient api = client(restarted);
            assertThat(api.listAll("/v1/sessions")).isEmpty();
            for (String session : deleted) {
                assertThat(api.get("/v1/sessions/" + session).statusCode()).isEqualTo(404);
            }
        }
        assertThat(sessionFiles()).isEmpty();
    }

    @Test
    void forceDeletingADatasetWhileItsSessionsAreReadRemovesThemAll() throws Exception {
        try (ConfigurableApplicationContext service = start(dataDir)) {
            ApiClient api = client(service);
            for (int i = 0; i < 20; i++) {
                String dataset = api.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=doomed");
                for (int s = 0; s < 3; s++) {
                    api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
                }
                List<String> sessions = api.listAll("/v1/sessions").stream().map(n -> n.get("id").asString()).toList();
                List<Future<?>> pulls = new ArrayList<>();
                for (String session : sessions) {
                    pulls.add(pullers.submit(() -> pullUntilGone(api, session, new CountDownLatch(1))));
                }
                assertThat(api.send("DELETE", "/v1/datasets/" + dataset + "?force=true", null, null, null).statusCode())
                        .isEqualTo(204);
                for (Future<?> pull : pulls) {
                    pull.get();
                }
                assertThat(api.listAll("/v1/sessions")).isEmpty();
                assertThat(sessionFiles()).isEmpty();
            }
        }
        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            assertThat(client(restarted).listAll("/v1/sessions")).isEmpty();
        }
    }

    @Test
    void sessionsWhoseDatasetIsGoneAreRemovedAtStart() throws Exception {
        String session;
        String dataset;
        try (ConfigurableApplicationContext service = start(dataDir)) {
            ApiClient api = client(service);
            dataset = api.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=vanishing");
            session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        }
        // as if the process died between deleting a dataset and deleting its sessions
        DataDirectory.deleteRecursively(dataDir.resolve("datasets").resolve(dataset));

        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            assertThat(sessionFiles()).isEmpty();
            assertThat(client(restarted).get("/v1/sessions/" + session).statusCode()).isEqualTo(404);
        }
    }

    /** Deletes {@code session} once a puller got a batch from it, while it pulls on; returns its id. */
    private String deleteWhilePulled(ApiClient api, String session) throws Exception {
        CountDownLatch pulled = new CountDownLatch(1);
        Future<?> puller = pullers.submit(() -> pullUntilGone(api, session, pulled));
        assertThat(pulled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(api.send("DELETE", "/v1/sessions/" + session, null, null, null).statusCode()).isEqualTo(204);
        puller.get();
        return session;
    }

    private static Void pullUntilGone(ApiClient api, String session, CountDownLatch pulled) {
        while (true) {
            HttpResponse<byte[]> next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
            if (next.statusCode() == 404) {
                return null;
            }
            assertThat(next.statusCode()).isEqualTo(200);
            pulled.countDown();
        }
    }

    private List<Path> sessionFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("sessions"))) {
            return files.toList();
        }
    }
}
