package dev.mixup.client;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real service for tests: {@code java -jar mixup-service-*.jar} on a free port with a data directory
 * of its own and an API key, started once per JVM and stopped when it exits. The jar is the root project's
 * build ({@code -Dmixup.service.jar=} a jar or the folder holding it; default {@code ../../target}).
 */
public final class RunningService {

    public static final String API_KEY = "client-tests-key";
    private static RunningService shared;

    private final Process process;
    private final URI uri;
    private final Path dataDir;

    private RunningService(Process process, URI uri, Path dataDir) {
        this.process = process;
        this.uri = uri;
        this.dataDir = dataDir;
    }

    /** The service of this JVM, started on first use. */
    public static synchronized RunningService shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public URI uri() {
        return uri;
    }

    /** A client with the service's API key. */
    public MixupClient client() {
        return MixupClient.connect(uri).withApiKey(API_KEY);
    }

    private static RunningService start() {
        try {
            Path jar = serviceJar();
            Path dataDir = Files.createTempDirectory("mixup-client-tests-");
            int port = freePort();
            Path log = Files.createDirectories(Path.of("target")).resolve("service-" + port + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", jar.toString(), "--server.port=" + port,
                    "--mixup.data-dir=" + dataDir, "--mixup.api-key=" + API_KEY)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RunningService service = new RunningService(process, URI.create("http://localhost:" + port), dataDir);
            service.awaitReady(log);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the service", e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(uri.resolve("/actuator/health/readiness")).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("the service was not ready within 2 minutes; see " + log.toAbsolutePath());
    }

    private void stop() {
        process.destroy();
        try {
            process.waitFor();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static Path serviceJar() throws IOException {
        Path given = Path.of(System.getProperty("mixup.service.jar", "../../target"));
        if (Files.isRegularFile(given)) {
            return given;
        }
        try (Stream<Path> files = Files.list(given)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().matches("mixup-service-.*(?<!-plain|-sources)\\.jar"))
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one mixup-service-*.jar in " + given.toAbsolutePath() + ", found " + jars
                        + ": build it with ./mvnw package -DskipTests, or pass -Dmixup.service.jar=");
            }
            return jars.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
