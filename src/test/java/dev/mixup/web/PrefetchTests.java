package dev.mixup.web;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches are prefetched only for sessions that are being read, and given back when nobody takes
 * them: many open, idle sessions hold no batch memory.
 */
@TestPropertySource(properties = {"mixup.prefetch=2", "mixup.prefetch-ttl=1s"})
class PrefetchTests extends RunningServiceTests {

    @Test
    void idleSessionsHoldNoBatches() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(64, 16, 16, 3, 4), "name=idle");
        awaitNoBatchMemoryUsed();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":8}"));
        }
        assertThat(batchMemoryUsed()).as("opened, never read").isZero();

        for (String session : sessions) {
            assertThat(api.send("POST", "/v1/sessions/" + session + "/next", null, null, null).statusCode()).isEqualTo(200);
        }
        // each was read once; what was prepared for them is dropped after mixup.prefetch-ttl
        awaitNoBatchMemoryUsed();
        assertThat(batchMemoryUsed()).isZero();
    }

    private void awaitNoBatchMemoryUsed() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (batchMemoryUsed() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void aSessionBeingReadGetsItsNextBatchesPrepared() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(64, 16, 16, 3, 4), "name=read");
        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":8,\"seed\":3}");
        byte[] step1 = api.get("/v1/sessions/" + session + "/batches/1").body();
        api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
        assertThat(batchMemoryUsed()).as("steps 1 and 2 prepared").isPositive();
        assertThat(api.send("POST", "/v1/sessions/" + session + "/next", null, null, null).body()).isEqualTo(step1);
    }

    /**
     * Served batches' image arrays are kept for the next batches: streams read at once, with batches
     * prefetched, produced and recycled on several threads, still get exactly the bytes of each step.
     */
    @Test
    void concurrentStreamsGetEachStepsOwnBytesWhileArraysAreReused() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(64, 16, 16, 3, 4), "name=reuse");
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":8,\"seed\":" + i
                    + ",\"datagen\":{\"width_shift_range\":0.2,\"horizontal_flip\":true}}"));
        }
        try (ExecutorService readers = Executors.newFixedThreadPool(sessions.size())) {
            List<Future<byte[]>> streams = new ArrayList<>();
            for (String session : sessions) {
                streams.add(readers.submit(() -> {
                    ByteArrayOutputStream read = new ByteArrayOutputStream();
                    for (int call = 0; call < 5; call++) {
                        read.writeBytes(api.send("POST", "/v1/sessions/" + session + "/stream?batches=4", null, null, null).body());
                    }
                    return read.toByteArray();
                }));
            }
            for (int i = 0; i < sessions.size(); i++) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                for (int step = 0; step < 20; step++) {
                    expected.writeBytes(api.send("GET", "/v1/sessions/" + sessions.get(i) + "/batches/" + step, null, null,
                            "application/x-npy").body());
                }
                assertThat(streams.get(i).get()).as("session %d", i).isEqualTo(expected.toByteArray());
            }
        }
    }

    private long batchMemoryUsed() {
        String scrape = new String(api.get("/actuator/prometheus").body());
        Matcher line = Pattern.compile("(?m)^mixup_batch_memory_used_bytes(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(line.find()).isTrue();
        return (long) Double.parseDouble(line.group(1));
    }
}
