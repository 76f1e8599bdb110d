package dev.mixup.dataset;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mixup.core.SampleSource;
import dev.mixup.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract on a real S3 API server (S3Proxy on its filesystem backend), plus what only an
 * object store does: multipart uploads, each replica's cache (eviction, damaged copies), and a
 * store that is down or does not answer.
 */
class S3DatasetStoreTests extends DatasetStoreContract {

    private static final String BUCKET = "mixup-store-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path objects;
    private static S3TestServer server;

    @TempDir
    Path replicas;

    private final Map<String, DataDirectory> directories = new HashMap<>();
    private final Map<String, S3DatasetStore> stores = new HashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private long cacheBytes = DataSize.ofGigabytes(1).toBytes();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(objects, BUCKET);
        server.useCredentials();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable store : closing) {
            store.close();
        }
    }

    @Override
    DataDirectory directory(String replica) {
        return directories.computeIfAbsent(replica, name -> StagedDatasets.directory(replicas.resolve(name)));
    }

    @Override
    S3DatasetStore store(String replica) throws IOException {
        S3DatasetStore store = stores.get(replica);
        if (store == null) {
            store = newStore(replica, server.endpoint());
            stores.put(replica, store);
        }
        return store;
    }

    /** A store as a replica starting on {@code replica}'s data directory builds it. */
    private S3DatasetStore newStore(String replica, URI endpoint) throws IOException {
        DatasetStoreProperties.S3 properties = new DatasetStoreProperties.S3(BUCKET, "contract", endpoint, true,
                S3TestServer.REGION, TIMEOUT, Duration.ZERO, DataSize.ofMegabytes(5));
        DataDirectory directory = directory(replica);
        DatasetCache cache = new DatasetCache(directory, new DiskSpace(directory), StagedDatasets.CODEC, cacheBytes);
        S3DatasetStore store = new S3DatasetStore(DatasetStoreConfiguration.s3Client(properties), properties, cache, StagedDatasets.CODEC);
        closing.add(store);
        return store;
    }

    private Path cached(String replica, StoredDataset dataset) {
        return directory(replica).cache().resolve(dataset.id());
    }

    @Test
    void aLargeFileGoesUpInPartsAndComesBackWhole() throws Exception {
        // 30 000 images of 8x8x3: x.npy is 5.8 MB, two parts of at most 5 MB
        StoredDataset dataset = commit("a", 30_000, 6);
        assertThat(dataset.files().get("x.npy").bytes()).isGreaterThan(DataSize.ofMegabytes(5).toBytes());

        assertSameSamples(store("b").open(dataset), stage("b", 30_000, 6));
        assertThat(cached("b", dataset).resolve("x.npy")).hasSize(dataset.files().get("x.npy").bytes());
    }

    @Test
    void theCacheEvictsTheLeastRecentlyUsedCopiesNotInUse() throws Exception {
        StagedDatasets.Staged probe = stage("a", 100, 0);
        cacheBytes = 2 * probe.dataset().bytes() + probe.dataset().bytes() / 2;

        StoredDataset first = commit("a", 100, 7);
        StoredDataset second = commit("a", 100, 8);
        StoredDataset third = commit("a", 100, 9);

        assertThat(cached("a", first)).doesNotExist();
        assertThat(cached("a", second)).isDirectory();
        assertThat(cached("a", third)).isDirectory();

        // fetched back from the store; now the second is the least recently used
        assertSameSamples(store("a").open(first), stage("a", 100, 7));
        assertThat(cached("a", first)).isDirectory();
        assertThat(cached("a", second)).doesNotExist();
        assertThat(cached("a", third)).isDirectory();
    }

    @Test
    void aCopyInUseIsNotEvicted() throws Exception {
        StagedDatasets.Staged probe = stage("a", 100, 0);
        cacheBytes = probe.dataset().bytes() + probe.dataset().bytes() / 2;
        StoredDataset used = commit("a", 100, 10);
        SampleSource mapped = store("a").open(used);

        StoredDataset next = commit("a", 100, 11);
        StoredDataset last = commit("a", 100, 12);

        assertThat(cached("a", used)).isDirectory();
        assertThat(cached("a", next)).doesNotExist();
        assertThat(cached("a", last)).isDirectory();
        assertSameSamples(mapped, stage("a", 100, 10));
        Reference.reachabilityFence(mapped);
    }

    @Test
    void aDamagedCachedCopyIsDetectedAndFetchedAgain() throws Exception {
        StoredDataset dataset = commit("a", 50, 13);
        store("b").open(dataset);
        Path x = cached("b", dataset).resolve("x.npy");
        try (FileChannel file = FileChannel.open(x, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {42, 43, 44}), Files.size(x) - 3);
        }
        Files.delete(cached("b", dataset).resolve("label-0.npy"));

        // a restart of replica b: its cached copies are checked before their first use
        S3DatasetStore restarted = newStore("b", server.endpoint());
        assertSameSamples(restarted.open(dataset), stage("b", 50, 13));
        assertThat(cached("b", dataset).resolve("label-0.npy")).hasSize(dataset.files().get("label-0.npy").bytes());
    }

    @Test
    void aFailedUploadLeavesNothingVisible() throws Exception {
        StagedDatasets.Staged staged = stage("a", 20, 14);
        Files.delete(staged.directory().resolve("label-0.npy"));

        assertThatThrownBy(() -> store("a").commit(staged.dataset(), staged.directory())).isInstanceOf(RuntimeException.class);

        assertThat(store("b").find(staged.dataset().id())).isEmpty();
        assertThat(store("b").list()).extracting(StoredDataset::id).doesNotContain(staged.dataset().id());
        try (S3Client s3 = DatasetStoreConfiguration.s3Client(new DatasetStoreProperties.S3(BUCKET, "", server.endpoint(), true,
                S3TestServer.REGION, TIMEOUT, Duration.ZERO, DataSize.ofMegabytes(5)))) {
            assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("contract/datasets/" + staged.dataset().id())).contents())
                    .isEmpty();
        }
    }

    @Test
    void whileTheStoreIsDownEveryCallFailsPromptlyAndNothingBecomesVisible() throws Exception {
        StoredDataset before = commit("a", 20, 15);
        StagedDatasets.Staged during = stage("a", 20, 16);
        server.stop();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store("a").commit(during.dataset(), during.directory()))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store("b").list()).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store("b").find(before.id())).isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(((StoreUnavailableException) e).retryAfter()).isPositive());
            assertThatThrownBy(() -> store("b").open(before)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store("b").checkAvailable()).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(5));
            assertThat(directory("b").tmp()).isEmptyDirectory();
        } finally {
            server.restart();
        }
        store("b").checkAvailable();
        assertThat(store("b").list()).extracting(StoredDataset::id).contains(before.id()).doesNotContain(during.dataset().id());
        assertSameSamples(store("b").open(before), stage("b", 20, 15));
    }

    @Test
    void aStoreThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            S3DatasetStore store = newStore("slow", URI.create("http://127.0.0.1:" + silent.getLocalPort()));
            long start = System.nanoTime();
            assertThatThrownBy(store::checkAvailable).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(store::list).isInstanceOf(StoreUnavailableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(4));
            silent.close();
            acceptor.join();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
