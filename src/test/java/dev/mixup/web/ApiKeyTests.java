package dev.mixup.web;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mixup.api-key=s3cret")
class ApiKeyTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mixup.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void v1NeedsTheKeyProbesAndMetricsDoNot() {
        ApiClient anonymous = new ApiClient(port, null);
        var refused = anonymous.get("/v1/datasets");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(anonymous.json(refused).get("status").asInt()).isEqualTo(401);
        assertThat(new ApiClient(port, "wrong").get("/v1/datasets").statusCode()).isEqualTo(401);
        assertThat(new ApiClient(port, "s3cret").get("/v1/datasets").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }
}
