package dev.mixup.web;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;

import static dev.mixup.web.InProcessService.client;
import static dev.mixup.web.InProcessService.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mixup.sessions.store} decides whether Redis plays any part: with {@code file} (the default) no
 * Redis bean, connection or health indicator exists; with {@code redis} and no Redis server to reach,
 * the service still starts, answers {@code 503} and is not ready, but alive.
 */
class SessionStoreModeTests {

    @TempDir
    Path dataDir;

    @Test
    void theFileStoreLoadsNothingOfRedis() {
        try (ConfigurableApplicationContext service = start(dataDir, "--management.endpoint.health.show-components=always")) {
            assertThat(service.getBeanProvider(RedisConnectionFactory.class).stream()).isEmpty();
            assertThat(service.getBeanNamesForType(RedisTemplate.class)).isEmpty();
            ApiClient api = client(service);
            HttpResponse<byte[]> health = api.get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(api.json(health).get("components").propertyNames()).doesNotContain("redis");
            assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theRedisStoreWithoutARedisStartsNotReadyButAliveAndAnswers503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext service = start(dataDir, "--mixup.sessions.store=redis",
                "--spring.data.redis.url=redis://localhost:" + closedPort, "--spring.data.redis.connect-timeout=500ms")) {
            ApiClient api = client(service);
            assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

            assertThat(api.get("/v1/sessions/some-id").statusCode()).isEqualTo(503);
            HttpResponse<byte[]> list = api.get("/v1/sessions");
            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(list.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(list.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(api.json(list).get("detail").asString()).contains("the session store (Redis) is unreachable");
        }
    }
}
