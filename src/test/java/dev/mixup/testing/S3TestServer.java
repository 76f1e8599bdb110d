package dev.mixup.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobProviderMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.LoggerFactory;

/**
 * A real S3 API server (S3Proxy) in the test JVM, keeping its objects in a directory so that it can
 * be stopped and started again on the same port with the same content, the way an object store
 * goes down and comes back.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "mixup-test-access";
    public static final String SECRET_KEY = "mixup-test-secret";
    public static final String REGION = "us-east-1";

    private final Path directory;
    private final BlobStoreContext blobs;
    private final int port;
    private final String bindAddress;
    private S3Proxy proxy;

    static {
        // S3Proxy and jclouds log every request at DEBUG, which logback prints before Spring configures it
        for (String name : List.of("org.gaul", "org.jclouds")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    private S3TestServer(Path directory, int port, String bindAddress) {
        this.directory = directory;
        this.port = port;
        this.bindAddress = bindAddress;
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", directory.toString());
        this.blobs = ContextBuilder.newBuilder(new FilesystemNio2BlobProviderMetadata())
                .credentials("identity", "credential")
                .overrides(overrides)
                .build(BlobStoreContext.class);
    }

    /** A server on a free port of the loopback interface with its objects under {@code directory}; the bucket is created. */
    public static S3TestServer start(Path directory, String bucket) throws Exception {
        return start(directory, bucket, "127.0.0.1");
    }

    /** Like {@link #start(Path, String)}, listening on every interface, so that containers reach it through the host. */
    public static S3TestServer startForContainers(Path directory, String bucket) throws Exception {
        return start(directory, bucket, "0.0.0.0");
    }

    private static S3TestServer start(Path directory, String bucket, String bindAddress) throws Exception {
        Files.createDirectories(directory);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3TestServer server = new S3TestServer(directory, port, bindAddress);
        server.startProxy();
        server.blobs.getBlobStore().createContainerInLocation(null, bucket);
        return server;
    }

    /**
     * A server for {@code bench/scaling.py}: objects under {@code args[0]}, bucket {@code args[1]}, on every
     * interface; prints its port, then serves until the process is ended.
     */
    public static void main(String[] args) throws Exception {
        S3TestServer server = startForContainers(Path.of(args[0]), args[1]);
        System.out.println(server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The credentials of this server for the AWS SDK's default chain (its system properties). */
    public void useCredentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** The service's properties for a store in {@code bucket} on this server. */
    public List<String> properties(String bucket) {
        return List.of("--mixup.datasets.store=s3", "--mixup.datasets.s3.bucket=" + bucket,
                "--mixup.datasets.s3.endpoint=" + endpoint(), "--mixup.datasets.s3.path-style=true",
                "--mixup.datasets.s3.region=" + REGION);
    }

    /** Stops answering: connections to the port are refused until {@link #restart()}. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Answers again on the same port, with the objects it held. */
    public synchronized void restart() throws Exception {
        if (proxy == null) {
            startProxy();
        }
    }

    private void startProxy() throws Exception {
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://" + bindAddress + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        started.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(started.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("S3Proxy did not start: " + started.getState());
            }
            Thread.sleep(10);
        }
        proxy = started;
    }

    @Override
    public void close() throws Exception {
        stop();
        blobs.close();
    }
}
