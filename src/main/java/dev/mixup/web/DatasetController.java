package dev.mixup.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import dev.mixup.MixupProperties;
import dev.mixup.dataset.Dataset;
import dev.mixup.dataset.DatasetManifest;
import dev.mixup.dataset.DatasetService;
import dev.mixup.dataset.ImportOptions;
import dev.mixup.dataset.InvalidDatasetException;
import dev.mixup.dataset.UploadTooLargeException;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageRequest;
import dev.mixup.session.SessionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/v1/datasets")
@Tag(name = "datasets", description = "Upload .npz training data; it is kept on disk and read through memory maps")
class DatasetController {

    private static final String LIMITS = "413 when the body exceeds mixup.max-upload-bytes or the dataset it expands to"
            + " (images, one-hot labels, statistics) exceeds mixup.max-dataset-bytes; 507 when the data directory's"
            + " disk has no room for it (checked before writing where the sizes are known). Nothing of a refused upload is kept.";

    private final DatasetService datasets;
    private final SessionService sessions;
    private final ServiceMetrics metrics;
    private final long maxUploadBytes;

    DatasetController(DatasetService datasets, SessionService sessions, ServiceMetrics metrics, MixupProperties properties) {
        this.datasets = datasets;
        this.sessions = sessions;
        this.metrics = metrics;
        this.maxUploadBytes = properties.maxUploadBytes().toBytes();
    }

    /**
     * Without a Content-Type the body counts as octet-stream, so {@code requests.post(url, data=f)} works too.
     * This operation documents the multipart form as well: both share one path and method.
     */
    @PostMapping(consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/zip", BatchPayloads.NPZ_VALUE})
    @Operation(operationId = "uploadDataset", summary = "Register a dataset from a .npz",
            description = "The .npz as np.savez or np.savez_compressed write it, streamed to disk: the raw body"
                    + " (application/octet-stream, also application/zip or application/x-npz), or the part 'file' of"
                    + " a multipart/form-data form. Integer class labels of shape (N,) or (N, 1) are one-hot encoded. " + LIMITS)
    // the form first: generated clients send the first body type, and some (Java native) cannot send a raw file
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(type = "object", requiredProperties = "file"),
                    schemaProperties = @SchemaProperty(name = "file",
                            schema = @Schema(description = "the .npz", type = "string", format = "binary"))),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "201", description = "registered")
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.CONTENT_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            HttpStatus.INSUFFICIENT_STORAGE})
    ResponseEntity<DatasetManifest> upload(
            @Parameter(description = "dataset name; required with a raw body, defaults to the file name without .npz"
                    + " in a multipart form") @RequestParam(required = false) String name,
            @Parameter(description = "member holding the images") @RequestParam(defaultValue = "x") String x,
            @Parameter(description = "label members, comma separated, order kept") @RequestParam(defaultValue = "y") List<String> y,
            @Parameter(description = "classes of integer labels (default: largest label + 1)")
            @RequestParam(name = "num_classes", required = false) Integer numClasses,
            HttpServletRequest request) throws IOException {
        if (name == null) {
            throw new InvalidDatasetException("name is required with a raw body: POST /v1/datasets?name=...");
        }
        if (request.getContentLengthLong() > maxUploadBytes) {
            throw new UploadTooLargeException(maxUploadBytes);
        }
        try (InputStream body = request.getInputStream()) {
            return created(datasets.register(name, body, request.getContentLengthLong(), new ImportOptions(x, y, numClasses)));
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(hidden = true)
    ResponseEntity<DatasetManifest> uploadMultipart(
            @RequestPart("file") MultipartFile file,
            @Parameter(description = "dataset name (default: the file name without .npz)")
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "x") String x,
            @RequestParam(defaultValue = "y") List<String> y,
            @RequestParam(name = "num_classes", required = false) Integer numClasses) {
        String datasetName = name != null ? name : stem(file.getOriginalFilename());
        // the container spooled the part under tmp/ already: move it rather than copy it
        return created(datasets.register(datasetName, target -> file.transferTo(target.toFile()),
                new ImportOptions(x, y, numClasses)));
    }

    @GetMapping
    @Operation(operationId = "listDatasets", summary = "List datasets, oldest first, a page at a time")
    @ProblemResponses(HttpStatus.BAD_REQUEST)
    DatasetList list(@Parameter(description = "datasets per page, 1.." + PageRequest.MAX_LIMIT) @RequestParam(required = false) Integer limit,
                     @Parameter(description = "the 'next' of the previous page") @RequestParam(name = "page_token", required = false) String pageToken) {
        Page<DatasetManifest> page = datasets.list(PageRequest.of(limit, pageToken)).map(Dataset::manifest);
        return new DatasetList(page.items(), page.nextToken());
    }

    /** A page of {@code GET /v1/datasets}. */
    @Schema(name = "DatasetList")
    record DatasetList(List<DatasetManifest> items,
                       @Schema(description = "page_token of the next page; null on the last", nullable = true) String next) {
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDataset", summary = "Describe a dataset")
    @ProblemResponses(HttpStatus.NOT_FOUND)
    DatasetManifest get(@PathVariable String id) {
        return datasets.get(id).manifest();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset", description = "409 while sessions use it, unless force=true (which deletes them too)")
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT})
    void delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force) {
        sessions.deleteDataset(id, force);
    }

    private ResponseEntity<DatasetManifest> created(Dataset dataset) {
        DatasetManifest manifest = dataset.manifest();
        metrics.datasetRegistered(manifest.bytes());
        return ResponseEntity.created(URI.create("/v1/datasets/" + manifest.id())).body(manifest);
    }

    private static String stem(String filename) {
        if (filename == null || filename.isBlank()) {
            return null;
        }
        String base = filename.replaceAll(".*[/\\\\]", "");
        return base.endsWith(".npz") ? base.substring(0, base.length() - 4) : base;
    }
}
