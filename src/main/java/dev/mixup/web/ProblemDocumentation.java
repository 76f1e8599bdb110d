package dev.mixup.web;

import java.util.Map;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents each operation's own problem answers ({@link ProblemResponses}) with the RFC 9457 schema the
 * service really writes, instead of springdoc's default: every status of every exception handler on every
 * operation, with Spring's {@code ProblemDetail} class (and its {@code properties} map) as the schema.
 */
@Component
class ProblemDocumentation implements OperationCustomizer, OpenApiCustomizer {

    static final String SCHEMA = "Problem";

    private static final Map<HttpStatus, String> MEANINGS = Map.ofEntries(
            Map.entry(HttpStatus.BAD_REQUEST, "a parameter or the body cannot work; detail says which and why"),
            Map.entry(HttpStatus.UNAUTHORIZED, "Authorization: Bearer <key> is missing or wrong (only when mixup.api-key is set)"),
            Map.entry(HttpStatus.NOT_FOUND, "no dataset or session with this id"),
            Map.entry(HttpStatus.NOT_ACCEPTABLE, "Accept names no payload type this operation serves"),
            Map.entry(HttpStatus.CONFLICT, "sessions still use the dataset; force=true deletes them too"),
            Map.entry(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than the service accepts"),
            Map.entry(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type is not one this operation reads"),
            Map.entry(HttpStatus.UNPROCESSABLE_CONTENT, "the Idempotency-Key was sent before with another number of batches"),
            Map.entry(HttpStatus.TOO_MANY_REQUESTS, "mixup.max-sessions sessions are open; delete one first"),
            Map.entry(HttpStatus.SERVICE_UNAVAILABLE, "the batch memory budget is full; retry after Retry-After seconds"
                    + " (the position did not move)"),
            Map.entry(HttpStatus.INSUFFICIENT_STORAGE, "the disk under mixup.data-dir is full; nothing was changed"));

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
        Stream<HttpStatus> own = declared == null ? Stream.empty() : Stream.of(declared.value());
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Stream.concat(Stream.of(HttpStatus.UNAUTHORIZED), own).sorted()
                .forEach(status -> responses.addApiResponse(Integer.toString(status.value()), response(status)));
        return operation.responses(responses);
    }

    private static ApiResponse response(HttpStatus status) {
        String meaning = MEANINGS.get(status);
        if (meaning == null) {
            throw new IllegalStateException("no documented meaning for problem status " + status);
        }
        ApiResponse response = new ApiResponse().description(meaning).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.addHeaderObject("Retry-After", new Header().description("seconds to wait before retrying")
                    .schema(new IntegerSchema()));
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            response.addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema()._default("Bearer")));
        }
        return response;
    }

    /** RFC 9457 members, as the service writes them; {@code type} is left out when it is about:blank. */
    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        Schema<Object> problem = new ObjectSchema()
                .description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", new StringSchema().format("uri-reference")._default("about:blank")
                        .description("identifies the problem type; about:blank when only the status matters"))
                .addProperty("title", new StringSchema().description("short summary of the status"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong and what to change"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("the request path"));
        openApi.getComponents().addSchemas(SCHEMA, problem);
    }
}
