package dev.mixup.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service in a JVM of its own, with the heap and flags of the image ({@code -XX:+ExitOnOutOfMemoryError}),
 * for tests whose failure mode is a dead JVM.
 */
public final class ForkedService implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final int port;

    private ForkedService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service with {@code -Xmx<heap>} on a free port and a fresh data directory; waits until it listens. */
    public static ForkedService start(String heap, String... properties) throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "forked-data-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.mixup.MixupServiceApplication",
                "--server.port=0", "--mixup.data-dir=" + dataDir));
        for (String property : properties) {
            command.add("--" + property);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                        port.complete(Integer.parseInt(started.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the forked service ended before it listened"));
        });
        try {
            return new ForkedService(process, port.get(3, TimeUnit.MINUTES));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the forked service did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
