package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.mixup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.startOnRedis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the service, each with its own Redis connection, sharing one Redis for their
 * sessions (and one data directory for their datasets): whatever replica a call reaches, it sees
 * the same sessions, positions and limits.
 */
class RedisReplicasTests {

    private static final int MAX_SESSIONS = 12;

    @TempDir
    static Path dataDir;

    private static RedisServer redis;
    private static ConfigurableApplicationContext replicaA;
    private static ConfigurableApplicationContext replicaB;
    private static ApiClient a;
    private static ApiClient b;
    private static String dataset;
    private static String doomedDataset;

    private final ExecutorService clients = Executors.newFixedThreadPool(16);

    @BeforeAll
    static void startReplicas() throws Exception {
        redis = RedisServer.start();
        replicaA = startOnRedis(dataDir, redis, "--mixup.max-sessions=" + MAX_SESSIONS);
        a = client(replicaA);
        dataset = a.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=shared");
        doomedDataset = a.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=doomed");
        // B finds both datasets in the shared directory as it starts
        replicaB = startOnRedis(dataDir, redis, "--mixup.max-sessions=" + MAX_SESSIONS);
        b = client(replicaB);
    }

    @AfterAll
    static void stopReplicas() {
        for (AutoCloseable closeable : new AutoCloseable[] {replicaB, replicaA, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void noSessions() throws Exception {
        redis.cli("FLUSHALL");
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void aSessionOpenedOnOneReplicaIsServedMovedAndDeletedThroughTheOther() {
        String session = a.openSession(settings(dataset));

        HttpResponse<byte[]> onB = b.get("/v1/sessions/" + session);
        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(b.json(onB)).isEqualTo(a.json(a.get("/v1/sessions/" + session)));
        assertThat(next(b, session).headers().firstValue("Mixup-Step")).hasValue("0");
        assertThat(next(a, session).headers().firstValue("Mixup-Step")).hasValue("1");
        assertThat(a.send("PUT", "/v1/sessions/" + session + "/position", "application/json", "{\"step\": 40}".getBytes(), null)
                .statusCode()).isEqualTo(200);
        assertThat(next(b, session).headers().firstValue("Mixup-Step")).hasValue("40");
        assertThat(b.json(b.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(41);

        assertThat(b.send("DELETE", "/v1/sessions/" + session, null, null, null).statusCode()).isEqualTo(204);
        assertThat(a.get("/v1/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(a.send("POST", "/v1/sessions/" + session + "/next", null, null, null).statusCode()).isEqualTo(404);
        assertThat(a.send("DELETE", "/v1/sessions/" + session, null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void sixteenClientsCallingNextRoundRobinAcrossReplicasGetEveryStepExactlyOnce() throws Exception {
        String session = a.openSession(settings(dataset));
        int calls = 400;
        Map<Long, byte[]> served = new ConcurrentHashMap<>();
        List<Long> steps = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger turn = new AtomicInteger();
        List<Future<?>> callers = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            callers.add(clients.submit(() -> {
                HttpResponse<byte[]> batch = next(turn.getAndIncrement() % 2 == 0 ? a : b, session);
                long step = Long.parseLong(batch.headers().firstValue("Mixup-Step").orElseThrow());
                steps.add(step);
                served.put(step, batch.body());
            }));
        }
        for (Future<?> caller : callers) {
            caller.get();
        }

        assertThat(steps).hasSize(calls).containsExactlyInAnyOrderElementsOf(IntStream.range(0, calls).mapToObj(Long::valueOf).toList());
        assertThat(a.json(a.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(calls);
        // a step is the same bytes whichever replica produced it
        for (long step = 0; step < calls; step += 37) {
            ApiClient other = step % 2 == 0 ? b : a;
            assertThat(other.get("/v1/sessions/" + session + "/batches/" + step).body()).isEqualTo(served.get(step));
        }
    }

    @Test
    void theSessionLimitAndTheListingSpanBothReplicas() throws Exception {
        List<Future<HttpResponse<byte[]>>> openings = new ArrayList<>();
        for (int i = 0; i < 2 * MAX_SESSIONS; i++) {
            ApiClient replica = i % 2 == 0 ? a : b;
            openings.add(clients.submit(() -> replica.postJson("/v1/sessions", settings(dataset))));
        }
        Set<String> opened = new HashSet<>();
        int refused = 0;
        for (Future<HttpResponse<byte[]>> opening : openings) {
            HttpResponse<byte[]> response = opening.get();
            if (response.statusCode() == 429) {
                refused++;
            } else {
                assertThat(response.statusCode()).isEqualTo(201);
                opened.add(a.json(response).get("id").asString());
            }
        }
        assertThat(opened).hasSize(MAX_SESSIONS);
        assertThat(refused).isEqualTo(MAX_SESSIONS);

        // pages read alternately from either replica list every session once, oldest first
        List<JsonNode> listed = new ArrayList<>();
        String token = null;
        int page = 0;
        do {
            ApiClient replica = page++ % 2 == 0 ? a : b;
            JsonNode body = replica.json(replica.get("/v1/sessions?limit=5" + (token == null ? "" : "&page_token=" + token)));
            body.get("items").forEach(listed::add);
            token = body.get("next").isNull() ? null : body.get("next").asString();
        } while (token != null);
        assertThat(page).isEqualTo(3);
        assertThat(listed).extracting(item -> item.get("id").asString()).containsExactlyInAnyOrderElementsOf(opened);
        assertThat(listed).extracting(item -> item.get("created_at").asString()).isSorted();

        // one deleted through A makes room for one opened through B
        assertThat(a.send("DELETE", "/v1/sessions/" + opened.iterator().next(), null, null, null).statusCode()).isEqualTo(204);
        assertThat(b.postJson("/v1/sessions", settings(dataset)).statusCode()).isEqualTo(201);
        assertThat(a.postJson("/v1/sessions", settings(dataset)).statusCode()).isEqualTo(429);
    }

    @Test
    void aDatasetReadThroughOneReplicaIsNotDeletedThroughTheOtherWithoutForce() {
        String session = a.openSession(settings(doomedDataset));

        HttpResponse<byte[]> refused = b.send("DELETE", "/v1/datasets/" + doomedDataset, null, null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(b.json(refused).get("detail").asString()).contains("used by 1 session(s)");
        assertThat(a.get("/v1/sessions/" + session).statusCode()).isEqualTo(200);

        assertThat(b.send("DELETE", "/v1/datasets/" + doomedDataset + "?force=true", null, null, null).statusCode()).isEqualTo(204);
        assertThat(a.get("/v1/sessions/" + session).statusCode()).isEqualTo(404);
        // A still has the dataset's files mapped, but no session can be opened on it any more
        HttpResponse<byte[]> late = a.postJson("/v1/sessions", settings(doomedDataset));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(a.json(late).get("detail").asString()).contains("does not name a dataset");
    }

    @Test
    void aCallRetriedOnAnotherReplicaWithItsIdempotencyKeyGetsTheSameStep() {
        String session = a.openSession(settings(dataset));
        HttpResponse<byte[]> lost = a.postWithKey("/v1/sessions/" + session + "/next", "trainer-3-call-17");
        next(b, session);
        HttpResponse<byte[]> retried = b.postWithKey("/v1/sessions/" + session + "/next", "trainer-3-call-17");
        assertThat(retried.headers().firstValue("Mixup-Step")).hasValue("0");
        assertThat(retried.body()).isEqualTo(lost.body());
        assertThat(b.json(b.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(2);
    }

    @Test
    void bothReplicasAreReadyWithRedisReachable() {
        for (ApiClient replica : List.of(a, b)) {
            assertThat(replica.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(replica.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    private static String settings(String datasetId) {
        return "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":2,\"seed\":1}";
    }

    private static HttpResponse<byte[]> next(ApiClient replica, String session) {
        HttpResponse<byte[]> batch = replica.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
        assertThat(batch.statusCode()).as(() -> new String(batch.body())).isEqualTo(200);
        return batch;
    }
}
