package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every problem the service answers is documented for its operation in {@code openapi.yaml}, with a body
 * that has only the documented RFC 9457 members; and every operation answers 401 without the key.
 */
@TestPropertySource(properties = {"mixup.api-key=problem-key", "mixup.max-upload-bytes=64KB", "mixup.max-json-bytes=1KB"})
class ProblemDocumentationTests extends RunningServiceTests {

    private static final String KEY = "problem-key";

    private Map<String, Object> spec;
    private String dataset;
    private String session;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() throws Exception {
        spec = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        api = new ApiClient(port, KEY);
        dataset = api.uploadDataset(NpzFixtures.dataset(16, 4, 4, 1, 2), "name=problems");
        session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
    }

    /** One request per real problem: operation, method, path, Content-Type, body, Accept, status. */
    record Case(String operationId, String method, String path, String contentType, byte[] body, String accept, int status) {

        static Case of(String operationId, String method, String path, int status) {
            return new Case(operationId, method, path, null, null, null, status);
        }

        Case body(String type, byte[] bytes) {
            return new Case(operationId, method, path, type, bytes, accept, status);
        }

        Case json(String text) {
            return body("application/json", text.getBytes());
        }

        Case accept(String type) {
            return new Case(operationId, method, path, contentType, body, type, status);
        }
    }

    List<Case> realProblems() {
        String sessionPath = "/v1/sessions/" + session;
        return List.of(
                Case.of("uploadDataset", "POST", "/v1/datasets?name=bad", 400).body("application/octet-stream", "not a zip".getBytes()),
                Case.of("uploadDataset", "POST", "/v1/datasets?name=big", 413).body("application/octet-stream", new byte[128 * 1024]),
                Case.of("uploadDataset", "POST", "/v1/datasets?name=form", 415).body("application/x-www-form-urlencoded", "a=b".getBytes()),
                Case.of("listDatasets", "GET", "/v1/datasets?limit=0", 400),
                Case.of("listSessions", "GET", "/v1/sessions?page_token=bogus", 400),
                Case.of("getDataset", "GET", "/v1/datasets/nope", 404),
                Case.of("deleteDataset", "DELETE", "/v1/datasets/nope", 404),
                Case.of("deleteDataset", "DELETE", "/v1/datasets/" + dataset, 409),
                Case.of("deleteDataset", "DELETE", "/v1/datasets/" + dataset + "?force=perhaps", 400),
                Case.of("openSession", "POST", "/v1/sessions", 400).json("{\"dataset_id\":\"" + dataset + "\",\"alpha\":0}"),
                Case.of("openSession", "POST", "/v1/sessions", 415).body("text/plain", "{}".getBytes()),
                Case.of("openSession", "POST", "/v1/sessions", 413).json("{\"dataset_id\":\"" + "x".repeat(2048) + "\"}"),
                Case.of("getSession", "GET", "/v1/sessions/nope", 404),
                Case.of("deleteSession", "DELETE", "/v1/sessions/nope", 404),
                Case.of("setPosition", "PUT", sessionPath + "/position", 400).json("{\"step\":-1}"),
                Case.of("setPosition", "PUT", "/v1/sessions/nope/position", 404).json("{\"step\":1}"),
                Case.of("setPosition", "PUT", sessionPath + "/position", 415).body("text/plain", "1".getBytes()),
                Case.of("setPosition", "PUT", sessionPath + "/position", 413).json("{\"step\":1" + " ".repeat(2048) + "}"),
                Case.of("nextBatch", "POST", sessionPath + "/next?provenance=perhaps", 400),
                Case.of("nextBatch", "POST", "/v1/sessions/nope/next", 404),
                Case.of("nextBatch", "POST", sessionPath + "/next", 406).accept("application/json"),
                Case.of("getBatch", "GET", sessionPath + "/batches/-1", 400),
                Case.of("getBatch", "GET", "/v1/sessions/nope/batches/0", 404),
                Case.of("getBatch", "GET", sessionPath + "/batches/0", 406).accept("text/csv"),
                Case.of("streamBatches", "POST", sessionPath + "/stream?batches=0", 400),
                Case.of("streamBatches", "POST", "/v1/sessions/nope/stream", 404),
                Case.of("streamBatches", "POST", sessionPath + "/stream", 406).accept("application/x-npz"),
                Case.of("previewBatch", "GET", sessionPath + "/preview.png?rows=9", 400),
                Case.of("previewBatch", "GET", "/v1/sessions/nope/preview.png", 404),
                Case.of("previewBatch", "GET", sessionPath + "/preview.png", 406).accept("application/json"));
    }

    @Test
    void everyProblemAnsweredIsDocumentedForItsOperation() {
        for (Case problem : realProblems()) {
            HttpResponse<byte[]> response = api.send(problem.method(), problem.path(), problem.contentType(), problem.body(),
                    problem.accept());
            String request = problem.method() + " " + problem.path();
            assertThat(response.statusCode()).as(request).isEqualTo(problem.status());
            assertIsDocumentedProblem(problem.operationId(), response, request);
        }
    }

    @Test
    void everyOperationAnswers401WithoutTheKey() {
        ApiClient anonymous = new ApiClient(port, null);
        for (Map.Entry<String, Map<String, Object>> path : paths().entrySet()) {
            for (Map.Entry<String, Object> operation : path.getValue().entrySet()) {
                String concrete = path.getKey().replace("{id}", session).replace("{step}", "0");
                HttpResponse<byte[]> response = anonymous.send(operation.getKey().toUpperCase(), concrete, null, null, null);
                String request = operation.getKey() + " " + concrete;
                assertThat(response.statusCode()).as(request).isEqualTo(401);
                assertIsDocumentedProblem(operationId(operation.getValue()), response, request);
            }
        }
    }

    private void assertIsDocumentedProblem(String operationId, HttpResponse<byte[]> response, String request) {
        assertThat(response.headers().firstValue("Content-Type")).as(request).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = api.json(response);
        assertThat(body.get("status").asInt()).as(request).isEqualTo(response.statusCode());
        assertThat(body.get("detail").asString()).as(request).isNotBlank();
        assertThat(Set.copyOf(body.propertyNames())).as(request).isSubsetOf(problemMembers());
        Map<String, Object> documented = responses(operationId).get(Integer.toString(response.statusCode()));
        assertThat(documented).as(request + ": " + response.statusCode() + " documented for " + operationId).isNotNull();
        assertThat(documented.toString()).as(request).contains("application/problem+json", "#/components/schemas/Problem");
    }

    @SuppressWarnings("unchecked")
    private Set<String> problemMembers() {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        return ((Map<String, Object>) ((Map<String, Object>) schemas.get("Problem")).get("properties")).keySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> paths() {
        return (Map<String, Map<String, Object>>) spec.get("paths");
    }

    @SuppressWarnings("unchecked")
    private static String operationId(Object operation) {
        return (String) ((Map<String, Object>) operation).get("operationId");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> responses(String operationId) {
        return paths().values().stream().flatMap(methods -> methods.values().stream())
                .map(operation -> (Map<String, Object>) operation)
                .filter(operation -> operationId.equals(operation.get("operationId")))
                .map(operation -> (Map<String, Map<String, Object>>) operation.get("responses"))
                .findFirst().orElseThrow(() -> new AssertionError("no operation " + operationId + " in openapi.yaml"));
    }

    @Test
    void operationsDocumentOnlyTheirOwnProblems() {
        assertThat(responses("getDataset")).containsOnlyKeys("200", "401", "404");
        assertThat(responses("listSessions")).doesNotContainKeys("404", "409", "413", "507");
        assertThat(Stream.of("nextBatch", "getBatch", "streamBatches", "previewBatch").map(this::responses))
                .allSatisfy(batch -> assertThat(batch).containsKeys("406", "503").doesNotContainKeys("409", "415"));
        assertThat(responses("uploadDataset")).containsKeys("413", "415", "507").doesNotContainKeys("404", "406");
    }
}
