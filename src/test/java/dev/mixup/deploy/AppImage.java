package dev.mixup.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The real image, built from the repository's {@code Dockerfile} and the fat jar that {@code package}
 * just produced, once per test run however many container test classes use it: {@link Provider}
 * keeps it in JUnit's root store, which removes it (and the build's intermediate stage) when the run
 * ends. None of its layers come from a registry (the base image must be present locally, see
 * {@code .ci/build-temurin-image.sh}).
 *
 * <p>System properties (set by failsafe): {@code mixup.it.jar}, {@code mixup.it.project-dir},
 * {@code mixup.it.version}; optional {@code mixup.it.image} to test an already built image instead,
 * {@code mixup.it.base-image} to build on another base.
 */
final class AppImage implements AutoCloseable {

    static final int PORT = 8080;
    static final long MEMORY_LIMIT = 1024L * 1024 * 1024;
    /** Seconds on a quiet machine; minutes when several JVMs start at once on a busy two-core one. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(AppImage.class);

    private final DockerClient docker;
    private final String name;
    private final boolean builtHere;
    /** Dangling images before the build: the build's intermediate stage images are the new ones. */
    private final Set<String> danglingBefore;

    private AppImage(DockerClient docker, String name, boolean builtHere, Set<String> danglingBefore) {
        this.docker = docker;
        this.name = name;
        this.builtHere = builtHere;
        this.danglingBefore = danglingBefore;
    }

    /** Resolves {@code AppImage} parameters (of {@code @BeforeAll} methods) to the one image of the run. */
    static final class Provider implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == AppImage.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(AppImage.class))
                    .computeIfAbsent(AppImage.class, key -> build(), AppImage.class);
        }
    }

    private static AppImage build() {
        DockerClient docker = DockerClientFactory.instance().client();
        String given = System.getProperty("mixup.it.image", "");
        if (!given.isBlank()) {
            return new AppImage(docker, given, false, Set.of());
        }
        Path project = Path.of(System.getProperty("mixup.it.project-dir", ".")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("mixup.it.jar",
                project.resolve("target/mixup-service-" + version() + ".jar").toString()));
        assertThat(jar).as("the fat jar (failsafe runs after package)").isRegularFile();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String name = "mixup-service-it:" + runId;
        Set<String> danglingBefore = danglingImages(docker);
        long started = System.nanoTime();
        try {
            // withDockerfile: the build context is the project directory, filtered by .dockerignore
            new ImageFromDockerfile(name, false)
                    .withDockerfile(project.resolve("Dockerfile"))
                    .withBuildArg("BASE_IMAGE", System.getProperty("mixup.it.base-image", "eclipse-temurin:25-jre"))
                    .withBuildArg("JAR_FILE", project.relativize(jar).toString())
                    .withBuildArg("VERSION", version())
                    .withBuildArg("REVISION", "it-" + runId)
                    .withBuildArg("CREATED", Instant.now().toString())
                    .get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("could not build " + name + " from the Dockerfile", e);
        }
        log.info("built {} in {} ms", name, (System.nanoTime() - started) / 1_000_000);
        return new AppImage(docker, name, true, danglingBefore);
    }

    String name() {
        return name;
    }

    DockerClient docker() {
        return docker;
    }

    /**
     * A container of the image run the way the Helm chart runs it (uid 10001 from the image, read-only
     * root filesystem with a tmpfs {@code /tmp}, all capabilities dropped, no privilege escalation, a
     * memory limit, an API key), ready once its readiness probe answers 200. More create-command
     * modifiers added by the caller apply after these.
     */
    GenericContainer<?> container(String apiKey, String logPrefix) {
        return new GenericContainer<>(DockerImageName.parse(name))
                .withExposedPorts(PORT)
                .withEnv("MIXUP_API_KEY", apiKey)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withReadonlyRootfs(true)
                        .withTmpFs(Map.of("/tmp", "rw,size=256m"))
                        .withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges"))
                        .withMemory(MEMORY_LIMIT))
                .withLogConsumer(new Slf4jLogConsumer(log).withPrefix(logPrefix))
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(PORT).forStatusCode(200)
                        .withStartupTimeout(STARTUP_TIMEOUT));
    }

    static String version() {
        return System.getProperty("mixup.it.version", "0.1.0-SNAPSHOT");
    }

    /** Removes the image and the build's untagged "layers" stage, if this run built them. */
    @Override
    public void close() {
        if (!builtHere) {
            return;
        }
        Set<String> created = danglingImages(docker);
        created.removeAll(danglingBefore);
        for (String id : created) {
            try {
                docker.removeImageCmd(id).exec();
            } catch (RuntimeException e) {
                log.warn("could not remove build stage image {}: {}", id, e.getMessage());
            }
        }
        try {
            docker.removeImageCmd(name).withForce(true).exec();
        } catch (RuntimeException e) {
            log.warn("could not remove image {}: {}", name, e.getMessage());
        }
    }

    private static Set<String> danglingImages(DockerClient docker) {
        Set<String> ids = new HashSet<>();
        docker.listImagesCmd().withDanglingFilter(true).exec().forEach(i -> ids.add(i.getId()));
        return ids;
    }
}
