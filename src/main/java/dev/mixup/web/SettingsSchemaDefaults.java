package dev.mixup.web;

import java.util.Map;

import dev.mixup.session.DatagenSpec;
import dev.mixup.session.EraserSpec;
import dev.mixup.session.SessionSpec;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the defaults of the session settings into the published schema, taken from the settings
 * themselves (what a session with nothing set shows), so the schema cannot drift from what the
 * service applies. Nested settings ({@code datagen}) carry theirs in their own schema; settings
 * whose default is {@code null} ({@code rescale}, {@code eraser}, ...) get none.
 */
@Component
class SettingsSchemaDefaults implements OpenApiCustomizer {

    private final JsonMapper json;
    private final Map<String, JsonNode> defaults;

    SettingsSchemaDefaults(JsonMapper json) {
        this.json = json;
        ObjectNode session = json.valueToTree(SessionSpec.defaults());
        session.remove("dataset_id");
        session.remove("seed"); // drawn by the service when absent
        this.defaults = Map.of(
                "SessionSettings", session,
                "SessionView", session,
                "Datagen", json.valueToTree(DatagenSpec.defaults()),
                "Eraser", json.valueToTree(EraserSpec.defaults()));
    }

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        defaults.forEach((name, values) -> {
            Schema<?> schema = schemas.get(name);
            if (schema == null || schema.getProperties() == null) {
                return;
            }
            schema.getProperties().forEach((property, propertySchema) -> {
                JsonNode value = values.get(property);
                if (value != null && (value.isValueNode() || value.isArray()) && !value.isNull()) {
                    propertySchema.setDefault(json.treeToValue(value, Object.class));
                }
            });
        });
    }
}
