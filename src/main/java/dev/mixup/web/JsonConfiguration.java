package dev.mixup.web;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON is read as written: {@code "32"} is not a number, {@code 1} is not {@code true}, {@code true} is not a
 * string. (Duplicate keys, trailing tokens and the parser's size limits are set in {@code application.yaml}.)
 */
@Configuration
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer scalarsOfTheirOwnType() {
        return builder -> {
            for (LogicalType numberOrBoolean : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
                builder.withCoercionConfig(numberOrBoolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
            }
            builder.withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
            builder.withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        };
    }
}
