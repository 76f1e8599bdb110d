package dev.mixup.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openapi.yaml} at the repository root must equal what the running service publishes.
 * After an API change: {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true}.
 */
class OpenApiDocumentTests extends RunningServiceTests {

    private static final Path COMMITTED = Path.of("openapi.yaml");

    @Test
    void committedSpecMatchesThePublishedOne() throws Exception {
        String published = new String(api.get("/v3/api-docs.yaml").body());
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
