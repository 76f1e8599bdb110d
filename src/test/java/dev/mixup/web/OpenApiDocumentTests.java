package dev.mixup.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openapi.yaml} at the repository root must equal what the running service publishes.
 * After an API change: {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

    private static final Path COMMITTED = Path.of("openapi.yaml");

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mixup.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void committedSpecMatchesThePublishedOne() throws Exception {
        String published = new String(new ApiClient(port, null).get("/v3/api-docs.yaml").body());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, published);
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.published.yaml"), published);
        Map<String, Object> expected = new Yaml().load(Files.readString(COMMITTED));
        Map<String, Object> actual = new Yaml().load(published);
        assertThat(actual)
                .as("openapi.yaml differs from /v3/api-docs.yaml (published copy: target/openapi.published.yaml;"
                        + " update with -Dopenapi.write=true)")
                .isEqualTo(expected);
    }
}
