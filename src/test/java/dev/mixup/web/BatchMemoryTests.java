package dev.mixup.web;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches are admitted against one memory budget (here 1 MB): what can never fit is refused with
 * 400 up front, what does not fit now waits briefly, then gets a 503 problem and moves nothing.
 */
@TestPropertySource(properties = {"mixup.batch-memory-bytes=1MB", "mixup.max-batch-bytes=1MB",
        "mixup.batch-memory-wait=300ms", "mixup.prefetch=0"})
class BatchMemoryTests extends RunningServiceTests {

    /** 48 images of 32x32x3 float32: 590 KB, so two such batches never fit 1 MB together. */
    private static final String LARGE = "\"batch_size\":48";

    @Test
    void aRequestThatFindsTheBudgetTakenIsA503AndMovesNothing() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(128, 32, 32, 3, 2), "name=budget");
        String reader = api.openSession("{\"dataset_id\":\"" + dataset + "\"," + LARGE + "}");
        String waiting = api.openSession("{\"dataset_id\":\"" + dataset + "\"," + LARGE + ",\"seed\":2}");
        byte[] step0 = api.get("/v1/sessions/" + waiting + "/batches/0").body();

        // a trainer that stops reading its stream holds the batch being written, and its memory
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/sessions/" + reader
                + "/stream?batches=200")).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> stalled = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stalled.body()) {
            body.readNBytes(1024);
            for (String path : new String[] {"/next", "/stream?batches=2"}) {
                HttpResponse<byte[]> refused = api.send("POST", "/v1/sessions/" + waiting + path, null, null, null);
                assertThat(refused.statusCode()).as(path).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(api.json(refused).get("detail").asString()).contains("mixup.batch-memory-bytes");
            }
            assertThat(api.get("/v1/sessions/" + waiting + "/batches/0").statusCode()).isEqualTo(503);
            assertThat(api.json(api.get("/v1/sessions/" + waiting)).get("position").get("step").asLong()).isZero();
        }

        HttpResponse<byte[]> next = awaitServed(waiting);
        assertThat(next.headers().firstValue("Mixup-Step")).hasValue("0");
        assertThat(next.body()).isEqualTo(step0);
    }

    @Test
    void whatCanNeverFitIsRefusedWhenAsked() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(256, 32, 32, 3, 2), "name=never");
        HttpResponse<byte[]> tooLarge = api.postJson("/v1/sessions", "{\"dataset_id\":\"" + dataset + "\",\"batch_size\":100}");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(api.json(tooLarge).get("detail").asString()).contains("mixup.max-batch-bytes");

        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":4}");
        assertThat(api.get("/v1/sessions/" + session + "/preview.png?rows=2&cols=2").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> hugePicture = api.get("/v1/sessions/" + session + "/preview.png?rows=2&cols=2&scale=8");
        assertThat(hugePicture.statusCode()).isEqualTo(400);
        assertThat(api.json(hugePicture).get("detail").asString()).contains("mixup.batch-memory-bytes");
    }

    /** The stalled stream's connection is closed; its memory comes back once the server notices. */
    private HttpResponse<byte[]> awaitServed(String session) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            HttpResponse<byte[]> next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
            if (next.statusCode() != 503 || System.nanoTime() > deadline) {
                return next;
            }
            Thread.sleep(100);
        }
    }
}
