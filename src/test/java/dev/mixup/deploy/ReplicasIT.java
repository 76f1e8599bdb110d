package dev.mixup.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.mixup.testing.RedisServer;
import dev.mixup.testing.S3TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three containers of the real image ({@link AppImage}) as replicas sharing one Redis (Debian's
 * {@code redis-server} in a container on their network) for their sessions and one S3 API server
 * (S3Proxy in this JVM, reached through the Docker host) for their datasets, each with a cache of its
 * own: an upload through one is served by all, sixteen clients pulling round-robin across them get
 * every step once, and a replica killed or restarted under load costs the clients no step.
 */
@ExtendWith(DockerRequiredInCi.class) // keep before @Testcontainers: CI must fail, not skip
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(AppImage.Provider.class)
class ReplicasIT {

    private static final Logger log = LoggerFactory.getLogger(ReplicasIT.class);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String API_KEY = "replicas-it";
    private static final String BUCKET = "mixup-replicas";
    private static final int CLIENTS = 16;
    private static final String SETTINGS = "{\"dataset_id\":\"%s\",\"batch_size\":8,\"seed\":%d,"
            + "\"datagen\":{\"width_shift_range\":0.1,\"height_shift_range\":0.1,\"horizontal_flip\":true},"
            + "\"eraser\":{\"p\":0.5}}";

    @TempDir
    static Path objects;
    private static DockerClient docker;
    private static Network network;
    private static RedisServer redis;
    private static S3TestServer s3;
    private static final List<Replica> replicas = new ArrayList<>();
    private static String dataset;

    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    /** One replica: its container, on a host port that stays the same when it is started again. */
    private record Replica(String name, GenericContainer<?> container, int hostPort) {

        String url(String path) {
            return "http://localhost:" + hostPort + path;
        }

        boolean ready() {
            try {
                return send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .timeout(Duration.ofSeconds(2)).GET()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @BeforeAll
    static void startReplicas(AppImage image) throws Exception {
        docker = image.docker();
        network = Network.newNetwork();
        redis = RedisServer.startOn(network, "redis");
        s3 = S3TestServer.startForContainers(objects, BUCKET);
        for (String name : List.of("a", "b", "c")) {
            int hostPort = freePort();
            GenericContainer<?> container = image.container(API_KEY, "replica-" + name)
                    .withNetwork(network)
                    .withExtraHost("host.docker.internal", "host-gateway")
                    .withEnv(Map.of(
                            "MIXUP_SESSIONS_STORE", "redis",
                            "SPRING_DATA_REDIS_URL", "redis://redis:6379",
                            "MIXUP_DATASETS_STORE", "s3",
                            "MIXUP_DATASETS_S3_BUCKET", BUCKET,
                            "MIXUP_DATASETS_S3_ENDPOINT", "http://host.docker.internal:" + s3.port(),
                            "MIXUP_DATASETS_S3_PATH_STYLE", "true",
                            "MIXUP_DATASETS_S3_REGION", S3TestServer.REGION,
                            "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                            "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(AppImage.PORT))));
            replicas.add(new Replica(name, container, hostPort));
        }
        Startables.deepStart(replicas.stream().map(Replica::container)).join();

        HttpResponse<String> created = send(request(replicas.getFirst(), "/v1/datasets?name=shared")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(NpzFiles.imageDataset(512, 8, 8, 3, 10))), BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        dataset = json.readTree(created.body()).get("id").asString();
    }

    @AfterAll
    static void stopAll() throws Exception {
        replicas.forEach(replica -> replica.container().stop());
        if (redis != null) {
            redis.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void anUploadThroughOneReplicaIsListedAndServedByTheOthers() throws Exception {
        JsonNode uploaded = json.readTree(get(replicas.getFirst(), "/v1/datasets/" + dataset).body());
        for (Replica replica : replicas.subList(1, 3)) {
            HttpResponse<byte[]> listing = get(replica, "/v1/datasets");
            assertThat(listing.statusCode()).isEqualTo(200);
            List<String> listed = new ArrayList<>();
            json.readTree(listing.body()).get("items").forEach(d -> listed.add(d.get("id").asString()));
            assertThat(listed).as("datasets listed by replica " + replica.name()).contains(dataset);
            JsonNode described = json.readTree(get(replica, "/v1/datasets/" + dataset).body());
            assertThat(described.get("sha256")).isEqualTo(uploaded.get("sha256"));

            String session = openSession(replica, 1);
            HttpResponse<byte[]> batch = next(replica, session);
            assertThat(batch.statusCode()).isEqualTo(200);
            assertThat(NpzFiles.shape(NpzFiles.members(batch.body()).get("x.npy"))).isEqualTo("8,8,8,3");
        }
    }

    @Test
    void everyStepIsByteIdenticalFromEveryReplica() throws Exception {
        String session = openSession(replicas.get(1), 2);
        for (int step : List.of(0, 1, 31, 32, 1000)) {
            List<String> digests = new ArrayList<>();
            for (Replica replica : replicas) {
                HttpResponse<byte[]> batch = get(replica, "/v1/sessions/" + session + "/batches/" + step);
                assertThat(batch.statusCode()).isEqualTo(200);
                assertThat(batch.headers().firstValue("Mixup-Step")).hasValue(Integer.toString(step));
                digests.add(sha256(batch.body()));
            }
            assertThat(Set.copyOf(digests)).as("step %d from a, b and c", step).hasSize(1);
        }
    }

    @Test
    void sixteenClientsCallingNextRoundRobinAcrossReplicasGetEveryStepExactlyOnce() throws Exception {
        String session = openSession(replicas.getFirst(), 3);
        Pull pull = new Pull(session);
        pull.until(() -> pull.served.get() >= 400);

        assertThat(pull.refused).as("answers other than 200").isEmpty();
        long position = pull.assertEveryStepOnce();
        assertThat(position).isGreaterThanOrEqualTo(400);
        // what next served is what batches/{k} serves, from another replica than the one that served it
        for (long step = 0; step < position; step += 7) {
            Replica other = replicas.get((int) ((pull.servedBy.get(step) + 1) % replicas.size()));
            assertThat(sha256(get(other, "/v1/sessions/" + session + "/batches/" + step).body()))
                    .as("step %d", step).isEqualTo(pull.digests.get(step));
        }
    }

    /**
     * A replica dies with SIGKILL while clients pull: its calls in flight get no answer, and each is sent again
     * to the next replica with its Idempotency-Key, which gets the steps the call claimed in Redis before the
     * kill (or claims them, when it did not get that far). Nothing may be missing, nothing served twice.
     */
    @Test
    void aReplicaKilledMidRunCostsNothingToClientsThatRetryOnAnother() throws Exception {
        String session = openSession(replicas.getFirst(), 4);
        Pull pull = new Pull(session);
        int victim = 1;
        pull.until(() -> pull.served.get() >= 600, () -> {
            awaitServed(pull, 150);
            pull.kill(victim);
            awaitServed(pull, 300);
            start(replicas.get(victim));
        });
        assertThat(pull.refused).as("answers other than 200").isEmpty();
        assertThat(pull.cutOff).as("calls in flight on the replica when it was killed").hasPositiveValue();
        pull.assertEveryStepOnce();
    }

    @Test
    void aRollingRestartOfAllReplicasWhileClientsPullLosesAndRepeatsNoStep() throws Exception {
        String session = openSession(replicas.getFirst(), 5);
        Pull pull = new Pull(session);
        AtomicBoolean restarted = new AtomicBoolean();
        pull.until(restarted::get, () -> {
            for (Replica replica : replicas) {
                awaitServed(pull, pull.served.get() + 50);
                docker.stopContainerCmd(replica.container().getContainerId()).withTimeout(30).exec();
                start(replica);
            }
            awaitServed(pull, pull.served.get() + 50);
            restarted.set(true);
        });
        assertThat(pull.unanswered).as("calls to a replica while it was down").isPositive();
        pull.assertEveryStepOnce();
    }

    // ---------------------------------------------------------------- clients

    /**
     * {@value #CLIENTS} trainers calling {@code next} on one session, each call on the next replica in
     * turn, each with an Idempotency-Key of its own; a call that gets no answer or a 503 is sent again,
     * with its key, to the next replica, until it gets an answer.
     */
    private final class Pull {

        final String session;
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final Map<Long, String> digests = new ConcurrentHashMap<>();
        final Map<Long, Integer> servedBy = new ConcurrentHashMap<>();
        final Set<Long> repeated = ConcurrentHashMap.newKeySet();
        final List<String> refused = new CopyOnWriteArrayList<>();
        /** Calls to the killed replica that got no answer and began before it was killed. */
        final AtomicInteger cutOff = new AtomicInteger();
        volatile int unanswered;
        private volatile int killed = -1;
        private volatile long killedAt = Long.MAX_VALUE;

        Pull(String session) {
            this.session = session;
        }

        void until(BooleanSupplier done) throws Exception {
            until(done, () -> { });
        }

        /** Pulls with {@value #CLIENTS} clients until {@code done}, running {@code meanwhile} on this thread. */
        void until(BooleanSupplier done, ThrowingRunnable meanwhile) throws Exception {
            List<Future<?>> clientRuns = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clientRuns.add(clients.submit(() -> {
                    String unanswered = null;
                    while (unanswered != null || !done.getAsBoolean()) {
                        String key = unanswered == null ? UUID.randomUUID().toString() : unanswered;
                        unanswered = pullOnce(key) ? null : key;
                    }
                    return null;
                }));
            }
            meanwhile.run();
            for (Future<?> run : clientRuns) {
                run.get();
            }
        }

        /** {@code docker kill} of replica {@code index}: every call to it that fails from now on and began before the kill returned was cut off. */
        void kill(int index) {
            killed = index;
            docker.killContainerCmd(replicas.get(index).container().getContainerId()).exec();
            killedAt = System.nanoTime();
        }

        /** One attempt of the call named {@code key}; whether it got an answer (else it is to be sent again). */
        private boolean pullOnce(String key) throws InterruptedException {
            int index = Math.floorMod(calls.getAndIncrement(), replicas.size());
            long began = System.nanoTime();
            HttpResponse<byte[]> answer;
            try {
                answer = send(request(replicas.get(index), "/v1/sessions/" + session + "/next")
                        .header("Idempotency-Key", key).POST(BodyPublishers.noBody()), BodyHandlers.ofByteArray());
            } catch (IOException e) {
                synchronized (this) {
                    unanswered++;
                }
                if (index == killed && began < killedAt) {
                    cutOff.incrementAndGet();
                }
                Thread.sleep(20);
                return false;
            }
            if (answer.statusCode() != 200) {
                refused.add(replicas.get(index).name() + ": " + answer.statusCode() + " "
                        + new String(answer.body(), StandardCharsets.UTF_8));
                Thread.sleep(20);
                return answer.statusCode() != 503;
            }
            long step = Long.parseLong(answer.headers().firstValue("Mixup-Step").orElseThrow());
            if (digests.putIfAbsent(step, sha256(answer.body())) != null) {
                repeated.add(step);
            }
            servedBy.put(step, index);
            served.incrementAndGet();
            return true;
        }

        /** The steps below the session's position that no call to next served. */
        List<Long> gaps() throws Exception {
            long position = position();
            List<Long> gaps = LongStream.range(0, position).filter(step -> !digests.containsKey(step)).boxed().toList();
            log.info("{} steps served in {} calls to next, {} unanswered ({} cut off by a kill), {} refused; "
                    + "position {}, gaps {}", served.get(), calls.get(), unanswered, cutOff.get(), refused.size(), position, gaps);
            return gaps;
        }

        /** Steps 0 to the session's position were each served once, none twice; the position. */
        long assertEveryStepOnce() throws Exception {
            assertThat(repeated).as("steps served twice").isEmpty();
            assertThat(gaps()).as("steps below the position that were not served").isEmpty();
            long position = position();
            assertThat(digests.keySet()).as("steps served, against the position %d", position)
                    .allMatch(step -> step < position).hasSize((int) position);
            return position;
        }

        private long position() throws IOException {
            return json.readTree(get(replicas.getFirst(), "/v1/sessions/" + session).body())
                    .get("position").get("step").asLong();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void awaitServed(Pull pull, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> pull.served.get() >= count);
    }

    /** {@code docker start} of a stopped or killed replica, on its port and volume; returns once it is ready. */
    private static void start(Replica replica) {
        docker.startContainerCmd(replica.container().getContainerId()).exec();
        await().atMost(AppImage.STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(replica::ready);
    }

    // ---------------------------------------------------------------- HTTP

    private static String openSession(Replica replica, int seed) throws IOException {
        HttpResponse<String> created = send(request(replica, "/v1/sessions")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(SETTINGS.formatted(dataset, seed))), BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private static HttpResponse<byte[]> next(Replica replica, String session) throws IOException {
        return send(request(replica, "/v1/sessions/" + session + "/next").POST(BodyPublishers.noBody()),
                BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(Replica replica, String path) throws IOException {
        return send(request(replica, path).GET(), BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder request(Replica replica, String path) {
        return HttpRequest.newBuilder(URI.create(replica.url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_KEY);
    }

    private static HttpResponse<Void> send(HttpRequest.Builder request) throws IOException {
        return send(request, BodyHandlers.discarding());
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        try {
            return http.send(request.build(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
