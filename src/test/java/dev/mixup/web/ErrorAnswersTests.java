package dev.mixup.web;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer that is not a success is a problem, whichever layer gives it. */
@Import(ErrorAnswersTests.Failing.class)
class ErrorAnswersTests extends RunningServiceTests {

    /** A handler with a bug, for the 500 path. */
    @TestConfiguration
    @RestController
    static class Failing {
        @GetMapping("/v1/test-failure")
        String fail() {
            throw new IllegalStateException("secret internals at dev.mixup.Something.method(Something.java:42)");
        }
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asString()).isNotBlank();
        assertThat(response.json().get("detail").asString()).isNotBlank()
                .doesNotContain("java.", "dev.mixup", "Exception", "<html");
    }

    /** Refused by Tomcat before any filter runs, where Tomcat used to write an HTML page. */
    @ParameterizedTest
    @ValueSource(strings = {"/%2F", "/v1/datasets%2Fx", "/v1/%00", "/v1/datasets%5C", "/v1/%zz", "/%C0%AF", "/..", "/v1/{",
            "/v1/a b", "*"})
    void requestsTomcatRefusesAreProblems(String target) throws IOException {
        assertProblem(RawHttp.send(port, "GET", target), 400);
    }

    @Test
    void oversizedRequestLinesAndHeadersAreProblems() throws IOException {
        assertProblem(RawHttp.send(port, "GET", "/" + "a".repeat(20_000)), 400);
        assertProblem(RawHttp.send(port, "GET", "/v1/datasets", "X-Padding: " + "a".repeat(20_000)), 400);
        assertProblem(RawHttp.send(port, "TRACE", "/v1/datasets"), 405);
    }

    @Test
    void unknownPathsWrongMethodsAndMediaTypesAreProblems() throws IOException {
        assertProblem(RawHttp.send(port, "GET", "/nothing/here"), 404);
        assertProblem(RawHttp.send(port, "GET", "/error"), 404);
        assertProblem(RawHttp.send(port, "GET", "/actuator/health/nothing"), 404);
        assertProblem(RawHttp.send(port, "POST", "/actuator/health"), 405);
        RawHttp.Response patch = RawHttp.send(port, "PATCH", "/v1/datasets");
        assertProblem(patch, 405);
        assertThat(patch.header("Allow")).contains("GET", "POST");
        assertProblem(RawHttp.send(port, "POST", "/v1/sessions", "{}".getBytes(), "Content-Type: text/plain"), 415);
        assertProblem(RawHttp.send(port, "POST", "/v1/sessions", "dataset_id: x".getBytes(), "Content-Type: application/yaml"), 415);
        assertProblem(RawHttp.send(port, "POST", "/v1/sessions/none/next", "Accept: text/html"), 406);
        assertProblem(RawHttp.send(port, "GET", "/v1/datasets", "Accept: application/yaml"), 406);
        assertProblem(RawHttp.send(port, "FOO", "/v1/datasets"), 400);
    }

    @Test
    void aBugIsA500WithAReferenceAndNoInternals() throws IOException {
        RawHttp.Response response = RawHttp.send(port, "GET", "/v1/test-failure");
        assertProblem(response, 500);
        assertThat(response.json().get("detail").asString()).doesNotContain("secret").containsPattern("reference [0-9a-f-]{36}");
    }

    /** Counts and steps are decimal, and a wrong one is named without Java types or method signatures. */
    @Test
    void integersInPathsAndQueriesAreDecimalDigits() throws IOException {
        String session = api.openSession("{\"dataset_id\": \"" + api.uploadDataset(NpzFixtures.dataset(16, 4, 4, 1, 2), "name=steps")
                + "\", \"batch_size\": 2, \"seed\": 1}");
        for (String step : List.of("0x10", "+1", "1e3", "%D9%A1", "16.0", "%2016", "99999999999999999999", "#10")) {
            RawHttp.Response response = RawHttp.send(port, "GET", "/v1/sessions/" + session + "/batches/" + step.replace("#", "%23"));
            assertProblem(response, 400);
            assertThat(response.json().get("detail").asString()).startsWith("'step' must be a decimal integer");
        }
        assertThat(RawHttp.send(port, "GET", "/v1/sessions/" + session + "/batches/16").status()).isEqualTo(200);
        RawHttp.Response hex = RawHttp.send(port, "POST", "/v1/sessions/" + session + "/stream?batches=0x10");
        assertProblem(hex, 400);
        assertThat(hex.json().get("detail").asString()).isEqualTo("'batches' must be a decimal integer, got '0x10'");
        RawHttp.Response numClasses = RawHttp.send(port, "POST", "/v1/datasets?name=n&num_classes=x", new byte[] {1},
                "Content-Type: application/octet-stream");
        assertProblem(numClasses, 400);
        assertThat(numClasses.json().get("detail").asString()).isEqualTo("'num_classes' must be a decimal integer, got 'x'");
        RawHttp.Response flag = RawHttp.send(port, "POST", "/v1/sessions/" + session + "/next?provenance=" + "y".repeat(500));
        assertProblem(flag, 400);
        assertThat(flag.json().get("detail").asString()).hasSizeLessThan(200);
    }
}
