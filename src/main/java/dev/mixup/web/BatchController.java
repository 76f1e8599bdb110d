package dev.mixup.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import dev.mixup.session.Batch;
import dev.mixup.session.IdempotencyKey;
import dev.mixup.session.OutputArray;
import dev.mixup.session.BatchService;
import dev.mixup.session.BatchWriter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** No {@code produces} on the mappings: {@link PayloadFormat} negotiates, so an Accept that names only the error type still gets a batch. */
@RestController
@RequestMapping("/v1/sessions/{id}")
@Tag(name = "batches", description = "Mixup batches as NumPy payloads: np.load(io.BytesIO(body))")
class BatchController {

    static final String STEP_HEADER = "Mixup-Step";
    static final String EPOCH_HEADER = "Mixup-Epoch";
    static final String BATCHES_HEADER = "Mixup-Batches";
    static final String ARRAYS_HEADER = "Mixup-Arrays";
    static final String ARRAYS_DESCRIPTION = "array names in order, comma separated, each percent-encoded as UTF-8"
            + " (all but A-Z a-z 0-9 - . _ ~; Python: urllib.parse.unquote)";
    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final String IDEMPOTENCY_KEY = "a new key for each call (a UUID, say), the same on each retry of that call:"
            + " a retry on any replica within mixup.sessions.idempotency-key-ttl (5 minutes) gets the steps the call"
            + " claimed, so a lost answer costs no step. 1 to 255 visible ASCII characters, bare or in double quotes";
    private static final String PROVENANCE = "also send lam (B,) float32, index1, index2 (B,) int64, cut (B,) uint8"
            + " (1 where CutMix was used) and box (B, 4) int32 (y0, x0, y1, x1), end-exclusive, zeros where not cut";

    private final BatchService batchService;
    private final ServiceMetrics metrics;

    BatchController(BatchService batchService, ServiceMetrics metrics) {
        this.batchService = batchService;
        this.metrics = metrics;
    }

    @PostMapping("/next")
    @Operation(operationId = "nextBatch", summary = "The batch at the position; the position moves on by one",
            description = "Atomic: concurrent callers never get the same step and no step is skipped. 503 (with Retry-After)"
                    + " when the batch memory is taken or the position cannot be saved: the position did not move."
                    + " Sent again with its Idempotency-Key, the same step again.")
    @SingleBatchResponse
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.NOT_ACCEPTABLE,
            HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.INSUFFICIENT_STORAGE})
    void next(@PathVariable String id, @Parameter(description = PROVENANCE) @RequestParam(defaultValue = "false") boolean provenance,
              @Parameter(description = IDEMPOTENCY_KEY, schema = @Schema(minLength = 1, maxLength = 257))
              @RequestHeader(value = IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey,
              @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
              HttpServletResponse response) throws IOException, HttpMediaTypeNotAcceptableException {
        PayloadFormat format = PayloadFormat.negotiate(accept, PayloadFormat.NPZ);
        batchService.next(id, IdempotencyKey.parse(idempotencyKey), batch -> write(batch, provenance, format, response));
    }

    @GetMapping("/batches/{step}")
    @Operation(operationId = "getBatch", summary = "The batch at any step; the position is unchanged",
            description = "Idempotent: byte-identical to what next served for that step.")
    @SingleBatchResponse
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.NOT_ACCEPTABLE, HttpStatus.SERVICE_UNAVAILABLE})
    void batch(@PathVariable String id, @Parameter(description = "a step >= 0, of any epoch") @PathVariable long step,
               @Parameter(description = PROVENANCE) @RequestParam(defaultValue = "false") boolean provenance,
               @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
               HttpServletResponse response) throws IOException, HttpMediaTypeNotAcceptableException {
        PayloadFormat format = PayloadFormat.negotiate(accept, PayloadFormat.NPZ);
        batchService.batch(id, step, 0, batch -> write(batch, provenance, format, response));
    }

    @PostMapping("/stream")
    @Operation(operationId = "streamBatches", summary = "n batches from the position in one response; the position moves on by n",
            description = "Per batch: x, then each label array in dataset order (then lam, index1, index2, cut, box with"
                    + " provenance=true), as .npy arrays back to back. Sent again with its Idempotency-Key (and the same"
                    + " batches), the same steps again.")
    @ApiResponse(responseCode = "200", description = "the batches",
            headers = {@Header(name = STEP_HEADER, description = "the first step", schema = @Schema(type = "integer")),
                    @Header(name = EPOCH_HEADER, description = "the epoch of the first step", schema = @Schema(type = "integer")),
                    @Header(name = BATCHES_HEADER, description = "number of batches", schema = @Schema(type = "integer")),
                    @Header(name = ARRAYS_HEADER, description = ARRAYS_DESCRIPTION + " per batch", schema = @Schema(type = "string"))},
            content = @Content(mediaType = BatchPayloads.NPY_VALUE, schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.NOT_ACCEPTABLE,
            HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.INSUFFICIENT_STORAGE})
    void stream(@PathVariable String id,
                @Parameter(description = "number of batches, 1..mixup.max-stream-batches") @RequestParam(defaultValue = "1") int batches,
                @Parameter(description = PROVENANCE) @RequestParam(defaultValue = "false") boolean provenance,
                @Parameter(description = IDEMPOTENCY_KEY, schema = @Schema(minLength = 1, maxLength = 257))
              @RequestHeader(value = IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey,
                @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                HttpServletResponse response) throws IOException, HttpMediaTypeNotAcceptableException {
        PayloadFormat.negotiate(accept, PayloadFormat.NPY).requireStreamable();
        StreamWriter stream = new StreamWriter(response, batches, provenance);
        batchService.stream(id, batches, IdempotencyKey.parse(idempotencyKey), stream);
        metrics.batchesServed(batches, stream.bytes);
    }

    /**
     * Writes the batches of a stream back to back; the headers go out with the first, with the
     * Content-Length: every batch of a session has the same arrays and shapes.
     */
    private static final class StreamWriter implements BatchWriter {

        private final HttpServletResponse response;
        private final int count;
        private final boolean provenance;
        private long bytes;
        private boolean started;

        StreamWriter(HttpServletResponse response, int count, boolean provenance) {
            this.response = response;
            this.count = count;
            this.provenance = provenance;
        }

        @Override
        public void write(Batch batch) throws IOException {
            List<OutputArray> members = BatchPayloads.members(batch, provenance);
            if (!started) {
                started = true;
                headers(response, batch, members, PayloadFormat.NPY);
                response.setHeader(BATCHES_HEADER, Integer.toString(count));
                response.setContentLengthLong(count * BatchPayloads.npyLength(members));
            }
            bytes += BatchPayloads.writeNpy(members, response.getOutputStream());
        }
    }

    private void write(Batch batch, boolean provenance, PayloadFormat format, HttpServletResponse response) throws IOException {
        List<OutputArray> members = BatchPayloads.members(batch, provenance);
        headers(response, batch, members, format);
        long bytes;
        if (format == PayloadFormat.NPY) {
            bytes = BatchPayloads.npyLength(members);
            response.setContentLengthLong(bytes);
            BatchPayloads.writeNpy(members, response.getOutputStream());
        } else {
            CountingOutputStream out = new CountingOutputStream(response.getOutputStream());
            BatchPayloads.writeNpz(members, out);
            bytes = out.count();
        }
        metrics.batchesServed(1, bytes);
    }

    /**
     * The names, comma separated, each percent-encoded as UTF-8 (all but {@code A-Z a-z 0-9 - . _ ~}): a header
     * holds only ASCII, and a label may be called {@code 标签} or {@code a,b} (Python: {@code urllib.parse.unquote}).
     */
    static String arrayNames(List<OutputArray> members) {
        return members.stream().map(member -> UriUtils.encode(member.name(), StandardCharsets.UTF_8)).collect(Collectors.joining(","));
    }

    private static void headers(HttpServletResponse response, Batch batch, List<OutputArray> members, PayloadFormat format) {
        response.setContentType(format.mediaType().toString());
        response.setHeader(STEP_HEADER, Long.toString(batch.step()));
        response.setHeader(EPOCH_HEADER, Long.toString(batch.epoch()));
        response.setHeader(ARRAYS_HEADER, arrayNames(members));
    }
}
