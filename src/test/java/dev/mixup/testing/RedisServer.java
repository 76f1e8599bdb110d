package dev.mixup.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Redis server (Debian's {@code redis-server}) in a container of the locally built image
 * {@code mixup-redis:bookworm} ({@code .ci/build-redis-image.sh}; {@code -Dmixup.it.redis-image} names
 * another). Its port on the host stays the same when the test stops and starts it again, as a Redis
 * behind a fixed address would. Without Docker or the image the test is skipped, except with
 * {@code CI=true}, where it fails. Ryuk is off (no registry to pull it from): {@link #close} removes
 * the container.
 */
public final class RedisServer implements AutoCloseable {

    private static final int PORT = 6379;

    private final GenericContainer<?> container;
    private final int hostPort;
    private final DockerClient docker;

    private RedisServer(GenericContainer<?> container, int hostPort) {
        this.container = container;
        this.hostPort = hostPort;
        this.docker = DockerClientFactory.instance().client();
    }

    /** Starts a Redis server with the given extra {@code redis-server} arguments. */
    public static RedisServer start(String... arguments) throws IOException {
        return start(container -> { }, arguments);
    }

    /** Starts a Redis server that the containers on {@code network} reach as {@code redis://<alias>:6379}. */
    public static RedisServer startOn(Network network, String alias) throws IOException {
        return start(container -> container.withNetwork(network).withNetworkAliases(alias));
    }

    private static RedisServer start(Consumer<GenericContainer<?>> customization, String... arguments) throws IOException {
        String image = System.getProperty("mixup.it.redis-image", "mixup-redis:bookworm");
        requireImage(image);
        int hostPort = freePort();
        String[] command = new String[5 + arguments.length];
        System.arraycopy(new String[] {"redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"}, 0, command, 0, 5);
        System.arraycopy(arguments, 0, command, 5, arguments.length);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(PORT)
                .withCommand(command)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(PORT))))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1).withStartupTimeout(Duration.ofSeconds(30)));
        customization.accept(container);
        container.start();
        return new RedisServer(container, hostPort);
    }

    /** For {@code spring.data.redis.url}. */
    public String url() {
        return "redis://localhost:" + hostPort;
    }

    /** Like a crashed or restarted server: SIGTERM (Redis saves its data and exits), connections refused. */
    public void stop() {
        docker.stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
    }

    /** Starts it again after {@link #stop()}, on the same port with the data it saved; returns once it answers. */
    public void restart() throws InterruptedException {
        docker.startContainerCmd(container.getContainerId()).exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answersPing()) {
            if (System.nanoTime() > deadline) {
                fail("Redis did not answer PING within 30 s of its restart");
            }
            Thread.sleep(50);
        }
    }

    /** Like a server that hangs: connections stay open and nothing is answered until {@link #unpause()}. */
    public void pause() {
        docker.pauseContainerCmd(container.getContainerId()).exec();
    }

    public void unpause() {
        docker.unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Runs {@code redis-cli} in the container; its output. */
    public String cli(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[1 + arguments.length];
        command[0] = "redis-cli";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        GenericContainer.ExecResult result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
            fail("redis-cli " + String.join(" ", arguments) + " failed: " + result.getStderr());
        }
        return result.getStdout().strip();
    }

    @Override
    public void close() {
        container.stop();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", hostPort), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireImage(String image) {
        String missing;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            missing = "no Docker daemon";
        } else {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
                return;
            } catch (NotFoundException e) {
                missing = "no image " + image + " (build it with .ci/build-redis-image.sh)";
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: the Redis tests must run, not be skipped: " + missing);
        }
        abort("Redis tests skipped: " + missing);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
