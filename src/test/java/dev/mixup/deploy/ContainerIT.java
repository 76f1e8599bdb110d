package dev.mixup.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real image ({@link AppImage}) run the way the Helm chart runs it (uid 10001, read-only root
 * filesystem with a tmpfs {@code /tmp}, all capabilities dropped, no privilege escalation, a
 * memory limit, {@code /data} on a volume, an API key).
 *
 * <p>Needs a Docker daemon. Ryuk is off (failsafe sets {@code TESTCONTAINERS_RYUK_DISABLED}), so
 * this class removes what it creates.
 */
@ExtendWith(DockerRequiredInCi.class) // keep before @Testcontainers: CI must fail, not skip
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(AppImage.Provider.class)
class ContainerIT {

    private static final Logger log = LoggerFactory.getLogger(ContainerIT.class);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final String API_KEY = "it-" + UUID.randomUUID();
    private static final long MEMORY_LIMIT = AppImage.MEMORY_LIMIT;
    private static final int PORT = AppImage.PORT;
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private static AppImage appImage;
    private static DockerClient docker;
    private static String image;
    private static final List<String> volumes = new ArrayList<>();

    @BeforeAll
    static void useImage(AppImage built) {
        appImage = built;
        docker = built.docker();
        image = built.name();
    }

    @AfterAll
    static void removeWhatWeCreated() {
        for (String volume : volumes) {
            try {
                docker.removeVolumeCmd(volume).exec();
            } catch (RuntimeException e) {
                log.warn("could not remove volume {}: {}", volume, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- the image itself

    @Test
    void imageIsBuiltForProduction() {
        InspectImageResponse inspected = docker.inspectImageCmd(image).exec();
        ContainerConfig config = inspected.getConfig();

        // non-root, numeric (Kubernetes runAsNonRoot can only check a numeric user)
        assertThat(config.getUser()).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(config.getUser().split(":")[0])).isEqualTo(10001);

        assertThat(config.getVolumes()).containsKey("/data");
        assertThat(config.getEnv()).contains("MIXUP_DATA_DIR=/data");
        assertThat(Arrays.stream(config.getEnv()).filter(e -> e.startsWith("JAVA_TOOL_OPTIONS=")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("-XX:MaxRAMPercentage=25", "-XX:InitialRAMPercentage=25",
                        "-XX:+ExitOnOutOfMemoryError");
        assertThat(config.getExposedPorts()).contains(ExposedPort.tcp(PORT));
        assertThat(config.getEntrypoint()).containsExactly("java", "-jar", "/application/application.jar");
        assertThat(String.join(" ", config.getHealthcheck().getTest()))
                .contains("curl").contains("/actuator/health/liveness");

        Map<String, String> labels = config.getLabels();
        assertThat(labels)
                .containsEntry("org.opencontainers.image.title", "mixup-service")
                .containsEntry("org.opencontainers.image.version", AppImage.version())
                .containsKeys("org.opencontainers.image.created", "org.opencontainers.image.revision",
                        "org.opencontainers.image.description", "org.opencontainers.image.base.name");
    }

    @Test
    void heapIsAFixedQuarterOfTheMemoryLimitAndOverridable() {
        assertThat(jvmFlags(Map.of()))
                .containsEntry("MaxHeapSize", MEMORY_LIMIT / 4)
                .containsEntry("InitialHeapSize", MEMORY_LIMIT / 4)
                .containsEntry("ExitOnOutOfMemoryError", 1L);
        // the chart's jvmOptions go to JDK_JAVA_OPTIONS, which must win over the image defaults
        assertThat(jvmFlags(Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=50")))
                .containsEntry("MaxHeapSize", MEMORY_LIMIT / 2);
    }

    // ---------------------------------------------------------------- running it

    @Test
    void runsHardenedAnswersProbesBecomesHealthyAndDrainsOnSigterm() {
        ToStringConsumer logs = new ToStringConsumer();
        try (GenericContainer<?> app = app(null).withLogConsumer(logs)) {
            app.start();
            String base = baseUrl(app);

            // probes stay open when an API key is set
            assertThat(get(base + "/actuator/health/liveness", false).statusCode()).isEqualTo(200);
            assertThat(get(base + "/actuator/health/readiness", false).statusCode()).isEqualTo(200);

            // the image's HEALTHCHECK (curl on the liveness group) turns the container healthy
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "healthy".equals(docker.inspectContainerCmd(app.getContainerId()).exec()
                            .getState().getHealth().getStatus()));

            // SIGTERM (what Kubernetes sends after preStop) reaches the JVM as PID 1 and
            // Spring Boot shuts down gracefully, well within the grace period
            InspectContainerResponse.ContainerState state = stopGracefully(app);
            assertThat(state.getExitCodeLong()).as("exit code (137 = had to be killed)").isIn(0L, 143L);
            assertThat(logs.toUtf8String()).contains("Commencing graceful shutdown");
        }
    }

    @Test
    void keepsDatasetsAndSessionsAcrossARestartOnTheSameVolume() throws Exception {
        String volume = "mixup-it-data-" + RUN_ID;
        docker.createVolumeCmd().withName(volume).exec();
        volumes.add(volume);

        String datasetId;
        String sessionId;
        JsonNode dataset;
        Map<String, byte[]> step1;

        try (GenericContainer<?> first = app(volume)) {
            first.start();
            String base = baseUrl(first);

            // API key enforced on /v1, not on probes and metrics
            assertThat(get(base + "/v1/datasets", false).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = http.send(request(base + "/actuator/prometheus", false).GET().build(),
                    BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");

            // upload: 16 RGB 8x8 uint8 images, integer labels
            byte[] npz = NpzFiles.imageDataset(16, 8, 8, 3, 10);
            HttpResponse<String> created = http.send(request(base + "/v1/datasets?name=demo", true)
                    .header("Content-Type", "application/octet-stream")
                    .POST(BodyPublishers.ofByteArray(npz)).build(), BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            dataset = json.readTree(created.body());
            datasetId = dataset.get("id").asString();
            assertThat(dataset.get("name").asString()).isEqualTo("demo");
            assertThat(dataset.get("samples").asInt()).isEqualTo(16);
            assertThat(ints(dataset.get("x").get("shape"))).containsExactly(16, 8, 8, 3);
            assertThat(dataset.get("x").get("dtype").asString()).isEqualTo("uint8");

            // session: batch 4 -> 2 steps per epoch (16 / (2*4))
            HttpResponse<String> session = http.send(request(base + "/v1/sessions", true)
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"dataset_id\": \"" + datasetId
                            + "\", \"batch_size\": 4, \"seed\": 7}")).build(), BodyHandlers.ofString());
            assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
            JsonNode sessionJson = json.readTree(session.body());
            sessionId = sessionJson.get("id").asString();
            assertThat(sessionJson.get("position").get("step").asLong()).isZero();

            // three batches: steps 0, 1 (epoch 0) and 2 (epoch 1)
            List<Map<String, byte[]>> batches = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                HttpResponse<byte[]> batch = next(base, sessionId);
                assertThat(batch.headers().firstValue("Mixup-Step")).hasValue(Integer.toString(step));
                assertThat(batch.headers().firstValue("Mixup-Epoch")).hasValue(Integer.toString(step / 2));
                batches.add(NpzFiles.members(batch.body()));
            }
            step1 = batches.get(1);
            assertThat(step1).containsKey("x.npy");
            assertThat(NpzFiles.shape(step1.get("x.npy"))).isEqualTo("4,8,8,3");

            assertThat(stopGracefully(first).getExitCodeLong()).isIn(0L, 143L);
        }

        // a new container on the same volume: the same dataset and session, the position kept
        try (GenericContainer<?> second = app(volume)) {
            second.start();
            String base = baseUrl(second);

            HttpResponse<String> datasetAgain = get(base + "/v1/datasets/" + datasetId, true);
            assertThat(datasetAgain.statusCode()).as(datasetAgain.body()).isEqualTo(200);
            JsonNode restored = json.readTree(datasetAgain.body());
            for (String field : List.of("id", "name", "samples", "x", "labels")) {
                assertThat(restored.get(field)).as(field).isNotNull().isEqualTo(dataset.get(field));
            }
            assertThat(restored.get("sha256")).as("sha256").isEqualTo(dataset.get("sha256"));

            HttpResponse<String> sessionAgain = get(base + "/v1/sessions/" + sessionId, true);
            assertThat(sessionAgain.statusCode()).as(sessionAgain.body()).isEqualTo(200);
            JsonNode restoredSession = json.readTree(sessionAgain.body());
            assertThat(restoredSession.get("position").get("step").asLong()).isEqualTo(3);
            assertThat(restoredSession.get("seed").asLong()).isEqualTo(7);

            HttpResponse<byte[]> batch = next(base, sessionId);
            assertThat(batch.headers().firstValue("Mixup-Step")).hasValue("3");

            // and step 1 is byte-for-byte the batch served before the restart
            HttpResponse<byte[]> replay = http.send(request(base + "/v1/sessions/" + sessionId + "/batches/1", true)
                    .GET().build(), BodyHandlers.ofByteArray());
            assertThat(replay.statusCode()).isEqualTo(200);
            Map<String, byte[]> replayed = NpzFiles.members(replay.body());
            assertThat(replayed.keySet()).isEqualTo(step1.keySet());
            step1.forEach((name, bytes) -> assertThat(replayed.get(name)).as(name).isEqualTo(bytes));
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The app as the chart runs it. {@code volume}: a named volume for /data, or null for the
     * image's anonymous one (removed with the container).
     */
    private static GenericContainer<?> app(String volume) {
        GenericContainer<?> app = appImage.container(API_KEY, "app");
        if (volume != null) {
            app.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume("/data"))));
        }
        return app;
    }

    /** {@code docker stop} with a 30 s grace period (SIGTERM, then SIGKILL), then the final state. */
    private static InspectContainerResponse.ContainerState stopGracefully(GenericContainer<?> app) {
        long started = System.nanoTime();
        docker.stopContainerCmd(app.getContainerId()).withTimeout(30).exec();
        log.info("graceful stop took {} ms", (System.nanoTime() - started) / 1_000_000);
        return docker.inspectContainerCmd(app.getContainerId()).exec().getState();
    }

    /** Final JVM flag values inside the image under the memory limit (one-shot {@code java -version}). */
    private static Map<String, Long> jvmFlags(Map<String, String> env) {
        ToStringConsumer out = new ToStringConsumer();
        try (GenericContainer<?> jvm = new GenericContainer<>(DockerImageName.parse(image))
                .withEnv(env)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withEntrypoint("java").withCmd("-XX:+PrintFlagsFinal", "-version");
                    cmd.getHostConfig().withMemory(MEMORY_LIMIT);
                })
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(1)))
                .withLogConsumer(out)) {
            jvm.start();
            Map<String, Long> flags = new HashMap<>();
            for (String line : out.toUtf8String().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[2].equals("=")) {
                    String v = f[3];
                    if (v.matches("\\d{1,18}")) {
                        flags.put(f[1], Long.parseLong(v));
                    } else if (v.equals("true") || v.equals("false")) {
                        flags.put(f[1], v.equals("true") ? 1L : 0L);
                    }
                }
            }
            return flags;
        }
    }

    private static HttpResponse<byte[]> next(String base, String sessionId) throws IOException, InterruptedException {
        HttpResponse<byte[]> batch = http.send(request(base + "/v1/sessions/" + sessionId + "/next", true)
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
        assertThat(batch.statusCode()).as(() -> new String(batch.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(batch.body()).startsWith('P', 'K');
        return batch;
    }

    private static HttpResponse<String> get(String url, boolean auth) {
        try {
            return http.send(request(url, auth).GET().build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String url, boolean auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        return auth ? b.header("Authorization", "Bearer " + API_KEY) : b;
    }

    private static String baseUrl(GenericContainer<?> app) {
        return "http://" + app.getHost() + ":" + app.getMappedPort(PORT);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }
}
