package dev.mixup.web;

import java.net.URI;
import java.util.List;

import dev.mixup.paging.Page;
import dev.mixup.paging.PageRequest;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.SessionService;
import dev.mixup.session.SessionSpec;
import dev.mixup.session.SessionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/sessions")
@Tag(name = "sessions", description = "A session fixes the mixup and augmentation settings and a seed, and keeps a position")
class SessionController {

    private final SessionService sessions;
    private final ServiceMetrics metrics;

    SessionController(SessionService sessions, ServiceMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @PostMapping
    @Operation(operationId = "openSession", summary = "Open a session", description = "Every field but dataset_id has a default; the answer shows the"
            + " effective settings, including the seed in use.")
    @ApiResponse(responseCode = "201", description = "opened")
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.CONTENT_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            HttpStatus.TOO_MANY_REQUESTS, HttpStatus.INSUFFICIENT_STORAGE})
    ResponseEntity<SessionView> create(@RequestBody SessionSpec settings) {
        SessionView session = sessions.create(settings);
        metrics.sessionCreated();
        return ResponseEntity.created(URI.create("/v1/sessions/" + session.id())).body(session);
    }

    @GetMapping
    @Operation(operationId = "listSessions", summary = "List sessions, oldest first, a page at a time")
    @ProblemResponses(HttpStatus.BAD_REQUEST)
    SessionList list(@Parameter(description = "sessions per page, 1.." + PageRequest.MAX_LIMIT) @RequestParam(required = false) Integer limit,
                     @Parameter(description = "the 'next' of the previous page") @RequestParam(name = "page_token", required = false) String pageToken) {
        Page<SessionView> page = sessions.list(PageRequest.of(limit, pageToken));
        return new SessionList(page.items(), page.nextToken());
    }

    /** A page of {@code GET /v1/sessions}. */
    @Schema(name = "SessionList")
    record SessionList(List<SessionView> items,
                       @Schema(description = "page_token of the next page; null on the last", nullable = true) String next) {
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSession", summary = "Describe a session and its position")
    @ProblemResponses(HttpStatus.NOT_FOUND)
    SessionView get(@PathVariable String id) {
        return sessions.get(id);
    }

    @PutMapping("/{id}/position")
    @Operation(operationId = "setPosition", summary = "Move the session's cursor",
            description = "The next call of next or stream serves this step: a trainer resuming from its own checkpoint."
                    + " Steps past the current epoch are allowed (they belong to later epochs).")
    @ProblemResponses({HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONTENT_TOO_LARGE,
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpStatus.INSUFFICIENT_STORAGE})
    SessionView position(@PathVariable String id, @RequestBody PositionRequest position) {
        if (position.step() == null) {
            throw new InvalidSessionException("step is required: {\"step\": k}");
        }
        return sessions.seek(id, position.step());
    }

    /** The body of {@code PUT /v1/sessions/{id}/position}. */
    @Schema(name = "PositionRequest")
    record PositionRequest(@Schema(description = "the step the next batch will be", minimum = "0",
            requiredMode = Schema.RequiredMode.REQUIRED) Long step) {
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteSession", summary = "Delete a session")
    @ProblemResponses(HttpStatus.NOT_FOUND)
    void delete(@PathVariable String id) {
        sessions.delete(id);
    }
}
