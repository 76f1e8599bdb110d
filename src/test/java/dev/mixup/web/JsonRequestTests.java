package dev.mixup.web;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON bodies are read as written, within a size limit, and a refusal names the field without echoing much. */
class JsonRequestTests extends RunningServiceTests {

    private String datasetId;

    @BeforeEach
    void dataset() throws IOException {
        datasetId = api.uploadDataset(NpzFixtures.dataset(16, 4, 4, 1, 2), "name=json");
    }

    private JsonNode refused(String body, int status) {
        HttpResponse<byte[]> response = api.postJson("/v1/sessions", body);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = api.json(response);
        assertThat(problem.get("detail").asString()).doesNotContain("java.", "`", "tools.jackson", "dev.mixup");
        return problem;
    }

    private String settings(String fields) {
        return "{\"dataset_id\": \"" + datasetId + "\", " + fields + "}";
    }

    @Test
    void scalarsMustHaveTheirOwnType() {
        Map<String, String> cases = Map.of(
                "\"batch_size\": \"32\"", "'batch_size' must be an integer",
                "\"alpha\": \"0.2\"", "'alpha' must be a number",
                "\"seed\": \"\"", "'seed' must be an integer",
                "\"shuffle\": \"true\"", "'shuffle' must be true or false",
                "\"shuffle\": 1", "'shuffle' must be true or false",
                "\"dtype\": 32", "'dtype' must be a string",
                "\"datagen\": {\"horizontal_flip\": 0}", "'datagen.horizontal_flip' must be true or false",
                "\"datagen\": {\"width_shift_range\": \"0.1\"}", "'datagen.width_shift_range' must be a number",
                "\"datagen\": {\"brightness_range\": [0.5, \"1.5\"]}", "'datagen.brightness_range[1]' must be a number",
                "\"batch_size\": 4294967301", "'batch_size' is out of range for an integer (32-bit)");
        cases.forEach((fields, detail) -> assertThat(refused(settings(fields), 400).get("detail").asString())
                .as(fields).contains(detail));
        assertThat(api.postJson("/v1/sessions", settings("\"batch_size\": 4, \"alpha\": 1")).statusCode())
                .as("an integer literal is a fine number").isEqualTo(201);
    }

    @Test
    void duplicateKeysTrailingTokensAndMalformedJsonAreRefused() {
        assertThat(refused(settings("\"batch_size\": 2, \"batch_size\": 4"), 400).get("detail").asString())
                .isEqualTo("field 'batch_size' appears twice in the body");
        assertThat(refused(settings("\"datagen\": {\"cval\": 1, \"cval\": 2}"), 400).get("detail").asString())
                .contains("'cval' appears twice");
        assertThat(refused(settings("\"batch_size\": 2") + " {}", 400).get("detail").asString()).isEqualTo("the body has more after its JSON value");
        assertThat(refused("{\"dataset_id\": ", 400).get("detail").asString()).contains("not valid JSON", "line 1");
        assertThat(refused("", 400).get("detail").asString()).isEqualTo("the request body is missing");
        assertThat(refused(settings("\"datagen\": {\"zoom_range\": " + "[".repeat(100) + "]".repeat(100) + "}"), 400).get("detail").asString()).contains("nesting depth");
    }

    @Test
    void aDetailEchoesAtMostAHundredCharactersOfTheInput() {
        String longName = "b".repeat(1000);
        JsonNode problem = refused(settings("\"" + longName + "\": 1"), 400);
        assertThat(problem.get("detail").asString()).contains("b".repeat(100) + "...").doesNotContain("b".repeat(101));
        JsonNode unknownDataset = refused("{\"dataset_id\": \"" + "d".repeat(50_000) + "\"}", 400);
        assertThat(unknownDataset.get("detail").asString()).hasSizeLessThanOrEqualTo(ProblemDetailBound.MAX_DETAIL + 3);
        JsonNode wrongType = refused(settings("\"dtype\": " + "9".repeat(90)), 400);
        assertThat(wrongType.get("detail").asString()).hasSizeLessThan(300);
    }

    /** 413 with the limit, whether the size is announced up front or only found while reading a chunked body. */
    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        int limit = 1024 * 1024;
        // blanks: past the byte limit long before any limit on tokens or strings
        String big = settings("\"batch_size\":" + " ".repeat(limit) + "4");
        byte[] bytes = big.getBytes(StandardCharsets.US_ASCII);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/sessions"))
                .header("Content-Type", "application/json");
        HttpResponse<byte[]> announced = http.send(request.copy().POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(api.json(announced).get("detail").asString()).contains(limit + " bytes", "mixup.max-json-bytes");

        HttpResponse<byte[]> chunked = http.send(request.copy()
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(api.json(chunked).get("detail").asString()).contains(limit + " bytes");

        assertThat(api.postJson("/v1/sessions", settings("\"batch_size\": 4")).statusCode()).as("still serving").isEqualTo(201);
    }
}
