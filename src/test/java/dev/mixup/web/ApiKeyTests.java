package dev.mixup.web;


import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "mixup.api-key=s3cret")
class ApiKeyTests extends RunningServiceTests {

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
