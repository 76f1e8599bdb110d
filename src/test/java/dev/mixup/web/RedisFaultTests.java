package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.mixup.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.startOnRedis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped and restarted, then hanging and resuming, while clients pull batches through two
 * replicas in turn: requests are answered {@code 503} with {@code Retry-After} within bounded time, never
 * {@code 500}; readiness turns DOWN while liveness stays UP; everything recovers by itself; and
 * clients that retry with their Idempotency-Key get every step exactly once.
 */
class RedisFaultTests {

    /** spring.data.redis.timeout as shipped: a claim whose answer is lost is settled within 5 of them. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final int STEPS = 600;

    @TempDir
    Path dataDir;

    private final ExecutorService clients = Executors.newFixedThreadPool(8);
    private final AtomicInteger served = new AtomicInteger();
    private final Set<Long> steps = ConcurrentHashMap.newKeySet();
    private final List<Long> repeated = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private volatile long slowestMillis;

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void redisStoppedOrHangingMidRunIs503UntilItIsBackAndNoStepIsLostOrRepeated() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ConfigurableApplicationContext replicaA = startOnRedis(dataDir, redis)) {
            ApiClient a = client(replicaA);
            String dataset = a.uploadDataset(NpzFixtures.dataset(64, 4, 4, 3, 10), "name=faults");
            try (ConfigurableApplicationContext replicaB = startOnRedis(dataDir, redis)) {
                ApiClient b = client(replicaB);
                String session = b.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2,\"seed\":1}");
                List<Future<?>> pullers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    pullers.add(clients.submit(() -> pullWithRetries(a, b, session)));
                }
                pullThroughFaults(redis, a, b, session, pullers);
            }
        }
    }

    private void pullThroughFaults(RedisServer redis, ApiClient a, ApiClient b, String session, List<Future<?>> pullers)
            throws Exception {
        awaitServed(STEPS / 6);
        redis.stop();
        assertUnavailableButAlive(a, b, session);
        redis.restart();
        awaitReady(a, b);

        awaitServed(STEPS / 2);
        redis.pause();
        assertUnavailableButAlive(a, b, session);
        redis.unpause();
        awaitReady(a, b);

        for (Future<?> puller : pullers) {
            puller.get();
        }
        assertThat(repeated).as("steps served twice").isEmpty();
        assertThat(steps).as("every step from 0 on, none skipped")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, steps.size()).mapToObj(Long::valueOf).toList());
        assertThat(steps.size()).isGreaterThanOrEqualTo(STEPS);
        assertThat(b.json(b.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(steps.size());
        assertThat(statuses.keySet()).as("answers to next").containsExactlyInAnyOrder(200, 503);
        assertThat(refusals).as("503 answers").isNotEmpty()
                .allMatch(refusal -> refusal.startsWith("application/problem+json Retry-After=2"), "problem+json with Retry-After");
        // a request may wait for a read and a claim to time out, then settle the claim within five more timeouts
        assertThat(slowestMillis).isLessThan(COMMAND_TIMEOUT.multipliedBy(9).toMillis());
    }

    /**
     * A trainer's loop: next until enough steps were served, retrying a 503 after a short pause with the
     * call's Idempotency-Key. A claim Redis applies only after the replica gave up waiting for it (Redis
     * hung for longer than the claim is settled) is then the retry's, not a step nobody gets.
     */
    private Void pullWithRetries(ApiClient a, ApiClient b, String session) throws InterruptedException {
        String key = null;
        for (int call = 0; served.get() < STEPS || key != null; call++) {
            ApiClient replica = call % 2 == 0 ? a : b;
            if (key == null) {
                key = UUID.randomUUID().toString();
            }
            long started = System.nanoTime();
            HttpResponse<byte[]> answer = replica.postWithKey("/v1/sessions/" + session + "/next", key);
            slowestMillis = Math.max(slowestMillis, (System.nanoTime() - started) / 1_000_000);
            statuses.computeIfAbsent(answer.statusCode(), status -> new AtomicInteger()).incrementAndGet();
            if (answer.statusCode() == 200) {
                long step = Long.parseLong(answer.headers().firstValue("Mixup-Step").orElseThrow());
                if (!steps.add(step)) {
                    repeated.add(step);
                }
                served.incrementAndGet();
                key = null;
            } else {
                refusals.add(answer.headers().firstValue("Content-Type").orElse("") + " Retry-After="
                        + answer.headers().firstValue("Retry-After").orElse("none") + " " + new String(answer.body()));
                // honouring Retry-After would only make the test slower
                Thread.sleep(100);
            }
        }
        return null;
    }

    private void assertUnavailableButAlive(ApiClient a, ApiClient b, String session) {
        int refusedBefore = refusals.size();
        for (ApiClient replica : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> replica.get("/actuator/health/readiness").statusCode() == 503);
            assertThat(replica.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
        HttpResponse<byte[]> describe = b.get("/v1/sessions/" + session);
        assertThat(describe.statusCode()).isEqualTo(503);
        assertThat(describe.headers().firstValue("Retry-After")).isPresent();
        assertThat(b.json(describe).get("detail").asString()).contains("Redis");
        await().atMost(Duration.ofSeconds(15)).until(() -> refusals.size() > refusedBefore);
    }

    private void awaitReady(ApiClient a, ApiClient b) {
        for (ApiClient replica : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.get("/actuator/health/readiness").statusCode() == 200);
        }
    }

    private void awaitServed(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> served.get() >= count);
    }
}
