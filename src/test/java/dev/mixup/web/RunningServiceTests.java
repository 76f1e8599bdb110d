package dev.mixup.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mixup.dataset.DataDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Full-stack tests against the service on a random port, each application context with a data
 * directory of its own under {@code target/}. Classes with the same settings share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RunningServiceTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(target, "test-data-");
        registry.add("mixup.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataDirectory dataDirectory;

    ApiClient api;

    @BeforeEach
    void connect() {
        api = new ApiClient(port, null);
    }
}
