package dev.mixup.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Rewrites the settings schemas that springdoc derives from the Java types into forms that JSON Schema
 * means and client generators (openapi-generator's Java, Python, ...) compile. Works on every property of
 * every component, so new settings get the same treatment without annotations of their own:
 * <ul>
 * <li>a nullable object ({@code $ref} beside {@code type: null}, which means "only null") becomes
 *     {@code anyOf: [$ref, null]} (the two cannot overlap; generators read anyOf as "nullable");</li>
 * <li>{@code oneOf: [number, integer]} becomes {@code number}: every integer is a number, so that oneOf
 *     refuses integers, and the service tells the two apart by the JSON token anyway;</li>
 * <li>{@code oneOf} of a number and a list (Keras' {@code z or [lower, upper]}) becomes an unconstrained
 *     value described in words: generated Java does not compile for a oneOf with an array member;</li>
 * <li>a numeric default written as a string ({@code "0.0"}, from the annotations) becomes the number.</li>
 * </ul>
 */
@Component
class GeneratorFriendlySchemas implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        for (Schema<?> schema : schemas.values()) {
            Map<String, Schema> properties = schema.getProperties();
            if (properties != null) {
                properties.replaceAll((name, property) -> generatorFriendly(property));
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema generatorFriendly(Schema property) {
        if (property.get$ref() != null && Set.of("null").equals(property.getTypes())) {
            Schema nullable = new Schema().description(property.getDescription());
            nullable.setAnyOf(List.of(new Schema().$ref(property.get$ref()), new Schema().types(Set.of("null"))));
            return nullable;
        }
        List<Schema> alternatives = property.getOneOf();
        boolean numeric = isNumeric(property) || alternatives != null && alternatives.stream().anyMatch(GeneratorFriendlySchemas::isNumeric);
        if (numeric && property.getDefault() instanceof String text) {
            property.setDefault(new BigDecimal(text));
        }
        if (alternatives == null) {
            return property;
        }
        if (alternatives.stream().allMatch(GeneratorFriendlySchemas::isNumeric)) {
            property.setOneOf(null);
            property.setTypes(Set.of("number"));
            property.setType("number");
            return property;
        }
        if (alternatives.stream().anyMatch(GeneratorFriendlySchemas::isArray)) {
            property.setOneOf(null);
            property.setTypes(null);
            property.setType(null);
            return property;
        }
        return property;
    }

    private static boolean isNumeric(Schema<?> schema) {
        return is(schema, "number") || is(schema, "integer");
    }

    private static boolean isArray(Schema<?> schema) {
        return is(schema, "array");
    }

    private static boolean is(Schema<?> schema, String type) {
        return type.equals(schema.getType()) || (schema.getTypes() != null && schema.getTypes().contains(type));
    }
}
