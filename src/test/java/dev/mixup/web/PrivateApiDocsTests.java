package dev.mixup.web;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"mixup.api-key=s3cret", "mixup.api-docs-public=false"})
class PrivateApiDocsTests extends RunningServiceTests {

    @Test
    void theDocsNeedTheKeyWhenNotPublic() throws IOException {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
            RawHttp.Response anonymous = RawHttp.send(port, "GET", path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(RawHttp.send(port, "GET", "/v3/api-docs", "Authorization: Bearer s3cret").status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/actuator/health/readiness").status()).isEqualTo(200);
    }
}
