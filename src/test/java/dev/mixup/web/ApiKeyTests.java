package dev.mixup.web;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With an API key set, no spelling of a route gets in without it; the probes, metrics and docs need none. */
@TestPropertySource(properties = "mixup.api-key=s3cret")
class ApiKeyTests extends RunningServiceTests {

    private static final String KEY = "Authorization: Bearer s3cret";

    private String datasetId;

    @BeforeEach
    void dataset() throws IOException {
        datasetId = new ApiClient(port, "s3cret").uploadDataset(NpzFixtures.dataset(8, 4, 4, 1, 2), "name=keyed");
    }

    /** Each one a spelling that Tomcat or Spring MVC decodes or normalises towards {@code /v1/datasets}. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/datasets", "/v1;x=y/datasets", "/v1;/datasets", "/v1/datasets;x=y", "/%761/datasets",
            "/v%31/datasets", "/%76%31/datasets", "//v1/datasets", "/v1//datasets", "/V1/datasets", "/v1/DATASETS",
            "/v1/./datasets", "/x/../v1/datasets", "/v1/%2e/datasets", "/%2576%31/datasets", "/v1/datasets/",
            "/actuator/health/..;/../../v1/datasets", "/actuator/health/../../v1/datasets",
            "/actuator/health/%2e%2e/%2e%2e/v1/datasets", "/actuator/prometheus/../../v1/datasets",
            "/actuator/health;/../../v1/datasets", "/v3/api-docs/../../v1/datasets", "/swagger-ui/../v1/datasets",
            "/v1%2Fdatasets", "/v1%5Cdatasets", "/v1/datasets%00", "/v1/datasets%3Bx"})
    void noSpellingOfAV1RouteGetsInWithoutTheKey(String path) throws IOException {
        RawHttp.Response list = RawHttp.send(port, "GET", path);
        assertRefused(list, path);

        RawHttp.Response delete = RawHttp.send(port, "DELETE", path + "/" + datasetId + "?force=true");
        assertRefused(delete, path);
        assertThat(RawHttp.send(port, "GET", "/v1/datasets/" + datasetId, KEY).status()).as("still there").isEqualTo(200);
    }

    private static void assertRefused(RawHttp.Response response, String path) {
        assertThat(response.status()).as(path).isIn(400, 401);
        assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).as(path).isEqualTo(response.status());
        if (response.status() == 401) {
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    /** The spellings that are not refused outright route to the same handlers, and so open with the key. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/datasets", "/%761/datasets", "/v%31/datasets"})
    void theKeyOpensTheRouteHoweverItIsSpelled(String path) throws IOException {
        assertThat(RawHttp.send(port, "GET", path + "/" + datasetId, KEY).status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", path + "/" + datasetId, "Authorization: bearer s3cret").status())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void aWrongOrMissingKeyIs401WithAProblem() throws IOException {
        for (String header : List.of("Authorization: Bearer wrong", "Authorization: Bearer s3cret2", "Authorization: Bearer ",
                "Authorization: Basic czNjcmV0", "Authorization: s3cret", "X-Api-Key: s3cret")) {
            RawHttp.Response response = RawHttp.send(port, "GET", "/v1/datasets", header);
            assertThat(response.status()).as(header).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(response.json().get("detail").asString()).as(header).containsAnyOf("not valid", "needs Authorization: Bearer");
            assertThat(response.header("Set-Cookie")).as("stateless").isNull();
        }
    }

    @Test
    void everythingOutsideTheAllowListNeedsTheKey() throws IOException {
        for (String path : List.of("/actuator", "/actuator/metrics", "/actuator/info", "/actuator/metrics/jvm.memory.used",
                "/error", "/nothing", "/v1", "/v2/datasets")) {
            RawHttp.Response response = RawHttp.send(port, "GET", path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
        RawHttp.Response unknown = RawHttp.send(port, "GET", "/V1/datasets", KEY);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void probesMetricsAndDocsAreOpen() throws IOException {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
                "/swagger-ui/index.html")) {
            assertThat(RawHttp.send(port, "GET", path).status()).as(path).isEqualTo(200);
        }
    }
}
