package dev.mixup.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import dev.mixup.testing.ForkedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests cannot exhaust the heap. The service runs in a JVM of its own with a 256 MB heap that
 * ends on the first OutOfMemoryError (the container image's flag); many trainers pull the largest
 * batches it accepts at once. It must stay up, answer every request with a batch or a 503 problem,
 * and lose no step: the steps served are exactly those before the final position.
 */
class SmallHeapTests {

    private static final int SIDE = 64;
    private static final int CHANNELS = 3;
    private static final int CLASSES = 10;
    /** 640 images of 64x64x3 float32 and their labels: 31.5 MB, just under the default limit at this heap. */
    private static final int BATCH_SIZE = 640;
    private static final int STREAMED = 3;

    @TempDir
    Path dataDir;

    @Test
    void concurrentPullsOfLargeBatchesNeitherEndTheJvmNorLoseSteps() throws Exception {
        try (ForkedService service = ForkedService.start(dataDir, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"))) {
            ApiClient api = new ApiClient(service.port(), null);
            String dataset = api.uploadDataset(NpzFixtures.dataset(2 * BATCH_SIZE + 16, SIDE, SIDE, CHANNELS, CLASSES), "name=big");

            // the session: 201 MB per batch would not fit this heap at all
            HttpResponse<byte[]> tooBig = api.postJson("/v1/sessions", "{\"dataset_id\":\"" + dataset + "\",\"batch_size\":4096}");
            assertThat(tooBig.statusCode()).isEqualTo(400);
            assertThat(api.json(tooBig).get("detail").asString()).contains("max-batch-bytes");

            String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":" + BATCH_SIZE + ",\"seed\":1}");
            long batchBytes = api.send("GET", "/v1/sessions/" + session + "/batches/0", null, null, "application/x-npy").body().length;

            HttpClient http = HttpClient.newHttpClient();
            ConcurrentLinkedQueue<Long> served = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            int refused = 0;
            ExecutorService trainers = Executors.newFixedThreadPool(24);
            try {
                List<Future<Boolean>> calls = new ArrayList<>();
                for (int i = 0; i < 96; i++) {
                    boolean stream = i % 2 == 1;
                    String path = stream ? "/stream?batches=" + STREAMED : "/next";
                    calls.add(trainers.submit(() -> pull(http, service.port(), session, path, stream ? STREAMED : 1,
                            batchBytes, served, wrong)));
                }
                for (Future<Boolean> call : calls) {
                    refused += call.get() ? 0 : 1;
                }
            } finally {
                trainers.shutdownNow();
            }

            assertThat(service.isAlive()).as("the service JVM is up:%n%s", service.output()).isTrue();
            assertThat(service.output()).doesNotContain("OutOfMemoryError");
            assertThat(wrong).isEmpty();
            long position = api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong();
            List<Long> steps = new ArrayList<>(served);
            Collections.sort(steps);
            assertThat(steps).as("every claimed step served exactly once (%d requests refused)", refused)
                    .containsExactlyElementsOf(LongStream.range(0, position).boxed().toList());
            assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    /** One call; true when it was served, false when refused with a 503 problem. Anything else lands in {@code wrong}. */
    private static boolean pull(HttpClient http, int port, String session, String path, int batches, long batchBytes,
                                ConcurrentLinkedQueue<Long> served, ConcurrentLinkedQueue<String> wrong) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/sessions/" + session + path))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Accept", "application/x-npy").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long length;
        byte[] head = new byte[0];
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                head = body.readNBytes(4096);
            }
            length = head.length + body.transferTo(OutputStream.nullOutputStream());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 503 && contentType.equals("application/problem+json")
                && response.headers().firstValue("Retry-After").isPresent()) {
            return false;
        }
        if (response.statusCode() != 200 || length != batches * batchBytes) {
            wrong.add(path + ": " + response.statusCode() + " " + contentType + " " + length + " bytes " + new String(head));
            return false;
        }
        long first = Long.parseLong(response.headers().firstValue("Mixup-Step").orElseThrow());
        for (int b = 0; b < batches; b++) {
            served.add(first + b);
        }
        return true;
    }

}
