package dev.mixup.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import org.springframework.context.annotation.Configuration;

/** The published API description; {@code openapi.yaml} at the repository root is a copy that a test keeps equal. */
@Configuration
@OpenAPIDefinition(
        info = @Info(title = "mixup-service", version = "v1",
                description = "Holds training datasets and serves reproducible mixup batches, with Keras-style"
                        + " augmentation and Random Erasing, as NumPy .npz/.npy payloads.",
                license = @License(name = "Apache-2.0", identifier = "Apache-2.0")),
        servers = @Server(url = "/", description = "this service"),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "only when mixup.api-key is set")
class OpenApiConfiguration {
}
