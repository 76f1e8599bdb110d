package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mixup.testing.RedisServer;
import dev.mixup.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas ({@code a}, {@code b}: two application contexts with data directories of their own)
 * sharing one bucket of a real S3 API server, beside a replica on the local store: what one replica
 * uploads the other lists and serves byte for byte as the local store would; what one deletes the
 * other no longer finds; with the store down, requests answer 503 and readiness turns DOWN until it
 * is back, with sessions in Redis too.
 */
class S3ReplicasTests {

    private static final String BUCKET = "mixup-replicas";
    private static final String SETTINGS = "{\"dataset_id\":\"%s\",\"batch_size\":8,\"seed\":11,"
            + "\"datagen\":{\"horizontal_flip\":true,\"width_shift_range\":0.2,\"featurewise_center\":true,"
            + "\"featurewise_std_normalization\":true},\"eraser\":{\"p\":0.5}}";

    @TempDir
    static Path root;
    private static S3TestServer server;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ConfigurableApplicationContext local;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start(root.resolve("objects"), BUCKET);
        server.useCredentials();
        a = replica("a");
        b = replica("b");
        local = InProcessService.start(root.resolve("local"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext context : List.of(a, b, local)) {
            context.close();
        }
        server.close();
    }

    /** A replica on the shared bucket that asks the store every time (no recheck interval), with short timeouts. */
    private static ConfigurableApplicationContext replica(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("--mixup.datasets.s3.recheck-interval=0s", "--mixup.datasets.s3.timeout=2s"));
        args.addAll(server.properties(BUCKET));
        args.addAll(List.of(more));
        return InProcessService.start(root.resolve(name), args.toArray(String[]::new));
    }

    private static ApiClient api(ConfigurableApplicationContext replica) {
        return InProcessService.client(replica);
    }

    private static List<byte[]> batches(ApiClient api, String dataset) {
        String session = api.openSession(SETTINGS.formatted(dataset));
        List<byte[]> batches = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            HttpResponse<byte[]> batch = api.get("/v1/sessions/" + session + "/batches/" + step);
            assertThat(batch.statusCode()).isEqualTo(200);
            batches.add(batch.body());
        }
        return batches;
    }

    private static List<String> listedIds(ApiClient api) {
        HttpResponse<byte[]> list = api.get("/v1/datasets");
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        api.json(list).get("items").forEach(dataset -> ids.add(dataset.get("id").asString()));
        return ids;
    }

    @Test
    void uploadedThroughOneReplicaListedAndServedByTheOtherAsTheLocalStoreServesIt() throws Exception {
        byte[] npz = NpzFixtures.dataset(64, 8, 8, 3, 10);
        String shared = api(a).uploadDataset(npz, "name=shared");
        String alone = api(local).uploadDataset(npz, "name=shared");

        assertThat(listedIds(api(b))).contains(shared);
        JsonNode onB = api(b).json(api(b).get("/v1/datasets/" + shared));
        JsonNode onLocal = api(local).json(api(local).get("/v1/datasets/" + alone));
        for (String field : List.of("name", "samples", "x", "labels", "bytes", "sha256")) {
            assertThat(onB.get(field)).as(field).isEqualTo(onLocal.get(field));
        }

        // b fetches the files and computes the statistics; a then reads them from the store
        List<byte[]> expected = batches(api(local), alone);
        assertThat(batches(api(b), shared)).containsExactlyElementsOf(expected);
        assertThat(root.resolve("objects").resolve(BUCKET).resolve("datasets").resolve(shared).resolve("statistics.npy"))
                .isRegularFile();
        assertThat(batches(api(a), shared)).containsExactlyElementsOf(expected);
    }

    @Test
    void deletedThroughOneReplicaNotFoundOnTheOtherWhichDropsItsCopy() throws Exception {
        String dataset = api(a).uploadDataset(NpzFixtures.dataset(32, 4, 4, 1, 2), "name=doomed");
        api(b).openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":4}");
        assertThat(root.resolve("b/cache").resolve(dataset)).isDirectory();

        assertThat(api(a).send("DELETE", "/v1/datasets/" + dataset, null, null, null).statusCode()).isEqualTo(204);

        HttpResponse<byte[]> gone = api(b).get("/v1/datasets/" + dataset);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(listedIds(api(b))).doesNotContain(dataset);
        assertThat(root.resolve("b/cache").resolve(dataset)).doesNotExist();
        assertThat(root.resolve("objects").resolve(BUCKET).resolve("datasets").resolve(dataset)).doesNotExist();
    }

    @Test
    void aReplicasCacheStaysWithinCacheBytesAndKeepsTheDatasetsInUse() throws Exception {
        // each dataset stores 51 968 bytes: two fit in 120KB, three do not
        byte[] npz = NpzFixtures.dataset(64, 16, 16, 3, 10);
        List<byte[]> expected = batches(api(local), api(local).uploadDataset(npz, "name=cached"));
        try (ConfigurableApplicationContext c = replica("c", "--mixup.datasets.cache-bytes=120KB")) {
            Path cache = root.resolve("c/cache");
            String first = api(c).uploadDataset(npz, "name=cached-1");
            String second = api(c).uploadDataset(npz, "name=cached-2");
            String third = api(c).uploadDataset(npz, "name=cached-3");
            assertThat(cache.resolve(first)).doesNotExist();
            assertThat(cache.resolve(second)).isDirectory();
            assertThat(cache.resolve(third)).isDirectory();

            // fetched back and served; the least recently used copy makes room
            assertThat(batches(api(c), first)).containsExactlyElementsOf(expected);
            assertThat(cache.resolve(first)).isDirectory();
            assertThat(cache.resolve(second)).doesNotExist();
            assertThat(directorySize(cache)).isLessThanOrEqualTo(120 * 1024);

            // the first is in use by a session now: a new upload evicts the third instead
            String fourth = api(c).uploadDataset(npz, "name=cached-4");
            assertThat(cache.resolve(first)).isDirectory();
            assertThat(cache.resolve(third)).doesNotExist();
            assertThat(cache.resolve(fourth)).isDirectory();
        }
    }

    private static long directorySize(Path directory) throws Exception {
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @Test
    void aDamagedCopyInTheCacheIsFetchedAgainAfterARestart() throws Exception {
        byte[] npz = NpzFixtures.dataset(48, 6, 6, 3, 4);
        String dataset = api(a).uploadDataset(npz, "name=damaged");
        List<byte[]> expected = batches(api(local), api(local).uploadDataset(npz, "name=damaged"));
        assertThat(batches(api(b), dataset)).containsExactlyElementsOf(expected);

        b.close();
        Path x = root.resolve("b/cache").resolve(dataset).resolve("x.npy");
        try (FileChannel file = FileChannel.open(x, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0x00, (byte) 0xFF, 0x00}), Files.size(x) - 4);
        }
        b = replica("b");

        assertThat(batches(api(b), dataset)).containsExactlyElementsOf(expected);
    }

    @Test
    void withTheStoreDownRequestsAnswer503AndReadinessIsDownUntilItIsBack() throws Exception {
        String before = api(a).uploadDataset(NpzFixtures.dataset(32, 4, 4, 1, 2), "name=before-outage");
        String session = api(b).openSession("{\"dataset_id\":\"" + before + "\",\"batch_size\":4}");
        server.stop();
        try {
            // a replica (re)started during the outage starts, and waits for the store not ready
            b.close();
            b = replica("b");

            long start = System.nanoTime();
            for (HttpResponse<byte[]> response : List.of(
                    api(b).get("/v1/datasets"),
                    api(b).get("/v1/datasets/" + before),
                    api(b).postJson("/v1/sessions", "{\"dataset_id\":\"" + before + "\",\"batch_size\":4}"),
                    api(a).send("POST", "/v1/datasets?name=during-outage", "application/octet-stream",
                            NpzFixtures.dataset(32, 4, 4, 1, 2), null))) {
                assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
                assertThat(api(b).json(response).get("detail").asString()).contains("dataset store is unavailable");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

            HttpResponse<byte[]> readiness = api(b).get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(api(b).json(readiness).get("status").asString()).isEqualTo("DOWN");
            HttpResponse<byte[]> liveness = api(b).get("/actuator/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(api(b).json(liveness).get("status").asString()).isEqualTo("UP");
            assertThat(root.resolve("a/tmp")).isEmptyDirectory();
        } finally {
            server.restart();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api(b).get("/actuator/health/readiness").statusCode()).isEqualTo(200));
        HttpResponse<byte[]> list = api(b).get("/v1/datasets");
        List<String> names = new ArrayList<>();
        api(b).json(list).get("items").forEach(dataset -> names.add(dataset.get("name").asString()));
        assertThat(names).contains("before-outage").doesNotContain("during-outage");
        assertThat(api(b).get("/v1/sessions/" + session + "/batches/1").statusCode()).isEqualTo(200);
    }

    @Test
    void withSessionsInRedisReadinessIsDownWhileTheStoreIsDown() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ConfigurableApplicationContext shared = replica("shared",
                     "--mixup.sessions.store=redis", "--spring.data.redis.url=" + redis.url())) {
            ApiClient api = api(shared);
            assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            server.stop();
            try {
                // Redis still answers: only the store can make readiness DOWN here
                assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
                assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            } finally {
                server.restart();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
        }
    }
}
