package dev.mixup.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"mixup.session-ttl=1s", "mixup.session-sweep-interval=100ms"})
class SessionExpiryTests extends RunningServiceTests {

    @Test
    void idleSessionsAreRemovedWhileUsedOnesStay() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 1, 2), "name=ttl");
        String idle = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        String busy = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (api.get("/v1/sessions/" + idle).statusCode() != 404 && System.nanoTime() < deadline) {
            api.send("POST", "/v1/sessions/" + busy + "/next", null, null, null);
            Thread.sleep(100);
        }
        assertThat(api.get("/v1/sessions/" + idle).statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/sessions/" + busy).statusCode()).isEqualTo(200);
        assertThat(dataDirectory.sessions().resolve(idle + ".json")).doesNotExist();
    }

    /**
     * The stream claims its steps at once and then writes for longer than the TTL, because the
     * trainer reads slowly: its session is in use all that time and must not be swept.
     */
    @Test
    void aSessionWhoseStreamIsStillBeingReadIsNotSwept() throws Exception {
        String dataset = api.uploadDataset(NpzFixtures.dataset(64, 32, 32, 3, 2), "name=slow");
        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":8}");
        int batches = 400; // ~40 MB, far more than the socket buffers hold
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/sessions/" + session
                + "/stream?batches=" + batches)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        long read;
        try (InputStream body = stream.body()) {
            read = body.readNBytes(1 << 20).length;
            Thread.sleep(2500); // the trainer is busy: more than twice the TTL
            read += body.transferTo(OutputStream.nullOutputStream());
        }
        long batchBytes = api.send("GET", "/v1/sessions/" + session + "/batches/0", null, null, "application/x-npy").body().length;
        assertThat(read).isEqualTo(batches * batchBytes);
        assertThat(api.get("/v1/sessions/" + session).statusCode()).isEqualTo(200);
        assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(batches);
    }
}
