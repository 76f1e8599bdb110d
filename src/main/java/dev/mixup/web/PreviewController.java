package dev.mixup.web;

import java.io.IOException;
import java.util.List;

import dev.mixup.dataset.DatasetService;
import dev.mixup.session.BatchService;
import dev.mixup.session.DataFormat;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.SessionService;
import dev.mixup.session.SessionSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "batches")
class PreviewController {

    private static final int MAX_SCALE = 8;
    /**
     * Largest PNG: 4096 x 4096 pixels, a 64 MB raster. Without it, rows * cols up to batch_size
     * and scale 8 could ask for gigabytes, one request exhausting the heap.
     */
    static final long MAX_PIXELS = 4096L * 4096;

    private final SessionService sessions;
    private final BatchService batches;
    private final DatasetService datasets;

    PreviewController(SessionService sessions, BatchService batches, DatasetService datasets) {
        this.sessions = sessions;
        this.batches = batches;
        this.datasets = datasets;
    }

    @GetMapping(value = "/v1/sessions/{id}/preview.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "previewBatch", summary = "The first rows*cols images of a step as one PNG grid",
            description = "Values are stretched from their min..max to 0..255 for display; the position is unchanged."
                    + " The PNG is cols*W*scale pixels wide and rows*H*scale high.")
    @ApiResponse(responseCode = "200", description = "the grid",
            content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.NOT_ACCEPTABLE, HttpStatus.SERVICE_UNAVAILABLE})
    void preview(@PathVariable String id,
                 @Parameter(description = "the step to show") @RequestParam(defaultValue = "0") long step,
                 @RequestParam(defaultValue = "4") int rows,
                 @RequestParam(defaultValue = "5") int cols,
                 @Parameter(description = "each image pixel becomes scale x scale PNG pixels")
                 @RequestParam(defaultValue = "1") int scale,
                 HttpServletResponse response) throws IOException {
        SessionSpec settings = sessions.get(id).settings();
        int batchSize = settings.batchSize();
        if (rows < 1 || cols < 1 || (long) rows * cols > batchSize) {
            throw new InvalidSessionException("rows and cols must be >= 1 with rows * cols <= batch_size (" + batchSize
                    + "), got rows=" + rows + ", cols=" + cols);
        }
        if (scale < 1 || scale > MAX_SCALE) {
            throw new InvalidSessionException("scale must be in [1, " + MAX_SCALE + "], got " + scale);
        }
        // the uploaded shape: (N, H, W) or (N, H, W, C), whatever layout the session serves
        List<Long> shape = datasets.get(settings.datasetId()).manifest().x().shape();
        long imageValues = shape.stream().skip(1).reduce(1L, Math::multiplyExact);
        long pixels = rows * shape.get(1) * scale * (cols * shape.get(2) * scale);
        if (pixels > MAX_PIXELS) {
            throw new InvalidSessionException("a " + rows + "x" + cols + " grid at scale " + scale + " would be " + pixels
                    + " pixels, more than " + MAX_PIXELS + "; lower rows, cols or scale");
        }
        boolean channelsFirst = DataFormat.CHANNELS_FIRST.apiName().equals(settings.dataFormat());
        batches.batch(id, step, PreviewRenderer.workingBytes((long) rows * cols * imageValues, pixels), batch -> {
            response.setContentType(MediaType.IMAGE_PNG_VALUE);
            PreviewRenderer.render(batch.x(), channelsFirst, rows, cols, scale, response);
        });
    }
}
