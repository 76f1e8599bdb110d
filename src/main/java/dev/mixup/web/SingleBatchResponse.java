package dev.mixup.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The documented 200 answer of the single-batch endpoints: one .npz (or .npy sequence) and the step headers. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "the batch",
        headers = {@Header(name = BatchController.STEP_HEADER, description = "the step served", schema = @Schema(type = "integer")),
                @Header(name = BatchController.EPOCH_HEADER, description = "its epoch", schema = @Schema(type = "integer")),
                @Header(name = BatchController.ARRAYS_HEADER, description = BatchController.ARRAYS_DESCRIPTION, schema = @Schema(type = "string"))},
        content = {@Content(mediaType = BatchPayloads.NPZ_VALUE, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = BatchPayloads.NPY_VALUE, schema = @Schema(type = "string", format = "binary"))})
@interface SingleBatchResponse {
}
