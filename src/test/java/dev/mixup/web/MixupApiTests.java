package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The whole path over real HTTP: upload, open a session, pull batches, and every way it can go wrong. */
class MixupApiTests extends RunningServiceTests {

    String datasetId;

    @BeforeEach
    void upload() throws Exception {
        datasetId = api.uploadDataset(NpzFixtures.dataset(64, 4, 5, 3, 10), "name=tiny");
    }

    @Test
    void uploadDescribesTheDataset() {
        JsonNode dataset = api.json(api.get("/v1/datasets/" + datasetId));
        assertThat(dataset.get("name").asString()).isEqualTo("tiny");
        assertThat(dataset.get("samples").asLong()).isEqualTo(64);
        assertThat(dataset.get("x").get("shape").toString()).isEqualTo("[64,4,5,3]");
        assertThat(dataset.get("x").get("dtype").asString()).isEqualTo("uint8");
        assertThat(dataset.get("labels").get(0).get("name").asString()).isEqualTo("y");
        assertThat(dataset.get("labels").get(0).get("shape").toString()).isEqualTo("[64,10]");
        assertThat(dataset.get("labels").get(0).get("dtype").asString()).isEqualTo("float32");
        assertThat(dataset.get("sha256").asString()).hasSize(64);
        assertThat(dataset.get("created_at").asString()).isNotBlank();
        assertThat(api.listAll("/v1/datasets").stream().map(d -> d.get("id").asString()).toList()).contains(datasetId);
    }

    @Test
    void sessionEchoesEffectiveSettingsWithTheSeedInUse() {
        HttpResponse<byte[]> created = api.postJson("/v1/sessions", "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":8}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        JsonNode session = api.json(created);
        assertThat(session.get("batch_size").asInt()).isEqualTo(8);
        assertThat(session.get("alpha").asDouble()).isEqualTo(0.2);
        assertThat(session.get("shuffle").asBoolean()).isTrue();
        assertThat(session.get("seed").isIntegralNumber()).isTrue();
        assertThat(session.get("datagen").get("fill_mode").asString()).isEqualTo("nearest");
        assertThat(session.get("eraser").isNull()).isTrue();
        assertThat(session.get("dtype").asString()).isEqualTo("float32");
        assertThat(session.get("data_format").asString()).isEqualTo("channels_last");
        assertThat(session.get("samples").asLong()).isEqualTo(64);
        assertThat(session.get("steps_per_epoch").asLong()).isEqualTo(4);
        assertThat(session.get("position").get("step").asLong()).isZero();
    }

    @Test
    void nextServesMixedImagesAndLabelsAndMovesThePosition() throws Exception {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":8,\"alpha\":0.5}");
        for (int step = 0; step < 2; step++) {
            HttpResponse<byte[]> response = api.send("POST", "/v1/sessions/" + session + "/next?provenance=true", null, null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-npz");
            assertThat(response.headers().firstValue("Mixup-Step")).hasValue(Integer.toString(step));
            assertThat(response.headers().firstValue("Mixup-Epoch")).hasValue("0");
            Map<String, NpyArray> batch = ApiClient.readNpz(response.body());
            assertThat(batch.keySet()).containsExactlyInAnyOrder("x", "y", "lam", "index1", "index2", "cut", "box");
            assertThat(batch.get("x").shape()).containsExactly(8, 4, 5, 3);
            assertThat(batch.get("y").shape()).containsExactly(8, 10);
            for (int b = 0; b < 8; b++) {
                double lam = batch.get("lam").get(b);
                long i1 = (long) batch.get("index1").get(b);
                long i2 = (long) batch.get("index2").get(b);
                assertThat(batch.get("x").get(b * 60L + 17)).isCloseTo(lam * i1 + (1 - lam) * i2, within(1e-3));
                assertThat(batch.get("y").get(b * 10L + i1 % 10) + (i1 % 10 == i2 % 10 ? 0 : batch.get("y").get(b * 10L + i2 % 10)))
                        .isCloseTo(1.0, within(1e-6));
            }
        }
        assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(2);
    }

    @Test
    void batchAtAStepIsByteIdenticalToWhatNextServed() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4,\"seed\":5,"
                + "\"datagen\":{\"horizontal_flip\":true,\"rotation_range\":20},\"eraser\":{\"p\":0.5}}");
        List<byte[]> served = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            served.add(api.send("POST", "/v1/sessions/" + session + "/next", null, null, null).body());
        }
        for (int step = 0; step < 9; step++) {
            assertThat(api.get("/v1/sessions/" + session + "/batches/" + step).body()).isEqualTo(served.get(step));
        }
        assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(9);
        String twin = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4,\"seed\":5,"
                + "\"datagen\":{\"horizontal_flip\":true,\"rotation_range\":20},\"eraser\":{\"p\":0.5}}");
        assertThat(api.get("/v1/sessions/" + twin + "/batches/7").body()).isEqualTo(served.get(7));
    }

    @Test
    void aTrainerResumingFromItsCheckpointMovesThePosition() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4,\"seed\":3}");
        byte[] step10 = api.get("/v1/sessions/" + session + "/batches/10").body();

        HttpResponse<byte[]> moved = api.send("PUT", "/v1/sessions/" + session + "/position", "application/json",
                "{\"step\": 10}".getBytes(), null);
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(api.json(moved).get("position").get("step").asLong()).isEqualTo(10);
        assertThat(api.json(moved).get("position").get("epoch").asLong()).isEqualTo(1);

        HttpResponse<byte[]> next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
        assertThat(next.headers().firstValue("Mixup-Step")).hasValue("10");
        assertThat(next.body()).isEqualTo(step10);
        assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isEqualTo(11);
    }

    @Test
    void aBadPositionIsAProblemAndMovesNothing() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4}");
        for (String body : List.of("{\"step\": -1}", "{}", "{\"step\": 1.5}", "{\"step\": 2, \"epoch\": 1}")) {
            HttpResponse<byte[]> refused = api.send("PUT", "/v1/sessions/" + session + "/position", "application/json",
                    body.getBytes(), null);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(api.json(api.get("/v1/sessions/" + session)).get("position").get("step").asLong()).isZero();
        assertThat(api.send("PUT", "/v1/sessions/nope/position", "application/json", "{\"step\": 1}".getBytes(), null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void streamEqualsSuccessiveNpyBatches() {
        String settings = "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4,\"seed\":9}";
        String streamed = api.openSession(settings);
        String single = api.openSession(settings);
        HttpResponse<byte[]> stream = api.send("POST", "/v1/sessions/" + streamed + "/stream?batches=3", null, null, null);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/x-npy");
        assertThat(stream.headers().firstValue("Mixup-Batches")).hasValue("3");
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            expected.writeBytes(api.send("POST", "/v1/sessions/" + single + "/next", null, null, "application/x-npy").body());
        }
        assertThat(stream.body()).isEqualTo(expected.toByteArray());
        // the length is known before the first byte, so the stream is not chunked
        assertThat(stream.headers().firstValue("Content-Length")).hasValue(Integer.toString(expected.size()));
        assertThat(stream.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(api.json(api.get("/v1/sessions/" + streamed)).get("position").get("step").asLong()).isEqualTo(3);
    }

    @Test
    void aCallSentAgainWithItsIdempotencyKeyGetsTheSameStepsAndMovesNothing() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4,\"seed\":11,"
                + "\"datagen\":{\"horizontal_flip\":true},\"eraser\":{\"p\":0.5}}");
        String path = "/v1/sessions/" + session;
        HttpResponse<byte[]> first = api.postWithKey(path + "/next", "call-1");
        api.send("POST", path + "/next", null, null, null);
        HttpResponse<byte[]> again = api.postWithKey(path + "/next", "\"call-1\"");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Mixup-Step")).hasValue("0");
        assertThat(again.body()).isEqualTo(first.body());

        HttpResponse<byte[]> stream = api.postWithKey(path + "/stream?batches=3", "call-2");
        HttpResponse<byte[]> streamAgain = api.postWithKey(path + "/stream?batches=3", "call-2");
        assertThat(streamAgain.headers().firstValue("Mixup-Step")).hasValue("2");
        assertThat(streamAgain.body()).isEqualTo(stream.body());
        assertThat(api.json(api.get(path)).get("position").get("step").asLong()).isEqualTo(5);
    }

    @Test
    void anIdempotencyKeyThatCannotBeOrNamesAnotherCallIsAProblemAndMovesNothing() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4}");
        String path = "/v1/sessions/" + session;
        api.postWithKey(path + "/stream?batches=2", "call-1");

        HttpResponse<byte[]> reused = api.postWithKey(path + "/stream?batches=3", "call-1");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(reused).get("detail").asString()).contains("already claimed 2 batch(es)");
        assertThat(api.postWithKey(path + "/next", "call-1").statusCode()).isEqualTo(422);

        for (String bad : List.of("\"\"", "a b", "x".repeat(256), "a\"b")) {
            HttpResponse<byte[]> refused = api.postWithKey(path + "/next", bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(api.json(refused).get("detail").asString()).contains("Idempotency-Key");
        }
        assertThat(api.json(api.get(path)).get("position").get("step").asLong()).isEqualTo(2);
    }

    /** Generated clients name the error type in Accept: a Python one sends only application/problem+json. */
    @Test
    void anAcceptThatNamesTheErrorTypeStillGetsTheBatch() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4}");
        String problemOnly = "application/problem+json";
        HttpResponse<byte[]> next = api.send("POST", "/v1/sessions/" + session + "/next", null, null, problemOnly);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.headers().firstValue("Content-Type")).hasValue("application/x-npz");
        HttpResponse<byte[]> batch = api.send("GET", "/v1/sessions/" + session + "/batches/0", null, null,
                "application/x-npy, application/problem+json");
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.headers().firstValue("Content-Type")).hasValue("application/x-npy");
        HttpResponse<byte[]> stream = api.send("POST", "/v1/sessions/" + session + "/stream?batches=2", null, null, problemOnly);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Mixup-Step")).hasValue("1");
    }

    @Test
    void float16ChannelsFirstAndGrayscaleShapes() throws Exception {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId
                + "\",\"batch_size\":2,\"dtype\":\"float16\",\"data_format\":\"channels_first\"}");
        Map<String, NpyArray> batch = ApiClient.readNpz(api.send("POST", "/v1/sessions/" + session + "/next", null, null, null).body());
        assertThat(batch.get("x").shape()).containsExactly(2, 3, 4, 5);
        assertThat(batch.get("x").header().dtype().numpyName()).isEqualTo("float16");

        String gray = api.uploadDataset(NpzFixtures.dataset(16, 6, 7, 0, 2), "name=gray");
        String graySession = api.openSession("{\"dataset_id\":\"" + gray + "\",\"batch_size\":2,\"data_format\":\"channels_first\"}");
        Map<String, NpyArray> grayBatch = ApiClient.readNpz(api.send("POST", "/v1/sessions/" + graySession + "/next", null, null, null).body());
        assertThat(grayBatch.get("x").shape()).containsExactly(2, 6, 7);
    }

    @Test
    void concurrentNextCallersGetEveryStepExactlyOnce() throws Exception {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":2}");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> steps = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                steps.add(callers.submit(() -> Long.parseLong(api.send("POST", "/v1/sessions/" + session + "/next", null, null, null)
                        .headers().firstValue("Mixup-Step").orElseThrow())));
            }
            List<Long> served = new ArrayList<>();
            for (Future<Long> step : steps) {
                served.add(step.get());
            }
            Collections.sort(served);
            assertThat(served).containsExactlyElementsOf(LongStream.range(0, 80).boxed().toList());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void badSessionSettingsAreProblemsAndCreateNothing() {
        int before = api.listAll("/v1/sessions").size();
        for (String body : List.of(
                "{\"dataset_id\":\"" + datasetId + "\",\"alpha\":0}",
                "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":33}",
                "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":1000}",
                "{\"dataset_id\":\"" + datasetId + "\",\"batchsize\":8}",
                "{\"dataset_id\":\"" + datasetId + "\",\"datagen\":{\"fill_mode\":\"mirror\"}}",
                "{\"dataset_id\":\"" + datasetId + "\",\"dtype\":\"float64\"}",
                "{\"dataset_id\":\"" + datasetId + "\",\"shard_index\":2,\"shard_count\":2}",
                "{\"dataset_id\":\"nope\"}",
                "{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":4.5}",
                "{\"batch_size\":2}",
                "not json")) {
            HttpResponse<byte[]> response = api.postJson("/v1/sessions", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
            assertThat(api.json(response).get("detail").asString()).as(body).isNotBlank();
        }
        assertThat(api.json(api.postJson("/v1/sessions", "{\"dataset_id\":\"" + datasetId + "\",\"batchsize\":8}"))
                .get("detail").asString()).contains("batchsize");
        assertThat(api.listAll("/v1/sessions").size()).isEqualTo(before);
    }

    @Test
    void badUploadsAreProblemsAndLeaveNothingBehind() throws Exception {
        int before = api.listAll("/v1/datasets").size();
        byte[] good = NpzFixtures.dataset(8, 2, 2, 1, 2);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        for (var upload : List.of(
                Map.entry("name=bad", "definitely not a zip".getBytes()),
                Map.entry("name=bad", truncated),
                Map.entry("name=bad&x=images", good),
                Map.entry("name=bad&y=labels", good),
                Map.entry("name=bad&num_classes=1", good),
                Map.entry("x=x", good))) {
            HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?" + upload.getKey(), "application/octet-stream",
                    upload.getValue(), null);
            assertThat(response.statusCode()).as(upload.getKey()).isEqualTo(400);
            assertThat(api.json(response).get("detail").asString()).as(upload.getKey()).isNotBlank();
        }
        assertThat(api.listAll("/v1/datasets").size()).isEqualTo(before);
        try (Stream<Path> leftovers = Files.list(dataDirectory.tmp())) {
            assertThat(leftovers.toList()).isEmpty();
        }
    }

    @Test
    void aFormContentTypeIsRefusedWithAHowTo() throws Exception {
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?name=form", "application/x-www-form-urlencoded",
                NpzFixtures.dataset(8, 2, 2, 1, 2), null);
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(api.json(response).get("detail").asString()).contains("application/octet-stream", "--data-binary");
    }

    @Test
    void deletingADatasetInUseNeedsForce() {
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":2}");
        HttpResponse<byte[]> refused = api.send("DELETE", "/v1/datasets/" + datasetId, null, null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(api.get("/v1/datasets/" + datasetId).statusCode()).isEqualTo(200);
        assertThat(api.send("DELETE", "/v1/datasets/" + datasetId + "?force=true", null, null, null).statusCode()).isEqualTo(204);
        assertThat(api.get("/v1/datasets/" + datasetId).statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(Files.exists(dataDirectory.datasets().resolve(datasetId))).isFalse();
    }

    @Test
    void unknownThingsAreNotFoundProblems() {
        HttpResponse<byte[]> response = api.get("/v1/sessions/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("detail").asString()).contains("nope");
        assertThat(api.get("/v1/datasets/nope").statusCode()).isEqualTo(404);
        assertThat(api.get("/swagger-ui.html").statusCode()).isIn(200, 302);
        String session = api.openSession("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":2}");
        assertThat(api.get("/v1/sessions/" + session + "/batches/-1").statusCode()).isEqualTo(400);
        assertThat(api.send("GET", "/v1/sessions/" + session + "/batches/0", null, null, "application/json").statusCode()).isEqualTo(406);
    }
}
