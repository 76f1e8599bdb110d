package dev.mixup.web;

import java.util.UUID;
import java.util.stream.Collectors;

import dev.mixup.MixupProperties;
import dev.mixup.RetryLaterException;
import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.dataset.DatasetTooLargeException;
import dev.mixup.dataset.DiskSpace;
import dev.mixup.dataset.InsufficientStorageException;
import dev.mixup.dataset.InvalidDatasetException;
import dev.mixup.dataset.UploadTooLargeException;
import dev.mixup.paging.InvalidPageRequestException;
import dev.mixup.session.DatasetInUseException;
import dev.mixup.session.IdempotencyKeyReusedException;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.SessionLimitException;
import dev.mixup.session.SessionNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error is an RFC 9457 problem with a {@code detail} a user can act on. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final long maxUploadBytes;

    ProblemAdvice(MixupProperties properties) {
        this.maxUploadBytes = properties.maxUploadBytes().toBytes();
    }

    @ExceptionHandler({InvalidDatasetException.class, InvalidSessionException.class, InvalidPageRequestException.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ProblemDetail badRequest(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({DatasetNotFoundException.class, SessionNotFoundException.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(DatasetInUseException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    ProblemDetail conflict(DatasetInUseException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    @ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler(SessionLimitException.class)
    @ResponseStatus(HttpStatus.TOO_MANY_REQUESTS)
    ProblemDetail tooManySessions(SessionLimitException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }

    /**
     * The batch memory is full, or the dataset store is down or slow: nothing was changed, and the
     * same request may work after Retry-After seconds.
     */
    @ExceptionHandler(RetryLaterException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ProblemDetail retryLater(RetryLaterException e, HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler({UploadTooLargeException.class, DatasetTooLargeException.class})
    @ResponseStatus(HttpStatus.CONTENT_TOO_LARGE)
    ProblemDetail tooLarge(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(InsufficientStorageException.class)
    @ResponseStatus(HttpStatus.INSUFFICIENT_STORAGE)
    ProblemDetail insufficientStorage(InsufficientStorageException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE, e.getMessage());
    }

    /** The container spools multipart parts to disk before any handler runs; a full disk surfaces here. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipartFailed(MultipartException e) {
        ProblemDetail problem = DiskSpace.isFull(e)
                ? ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE,
                        "the data directory is full: the multipart upload could not be spooled; free space in mixup.data-dir or delete datasets")
                : ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the multipart body could not be read: " + e.getMessage());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(RequestBodyTooLargeException.class)
    @ResponseStatus(HttpStatus.CONTENT_TOO_LARGE)
    ProblemDetail bodyTooLarge(RequestBodyTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    /** Anything not foreseen: a 500 that says nothing about the code; the log has the rest under the same reference. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null && servlet.getResponse().isCommitted()) {
            // a batch was half sent (typically the client went away): there is no answer left to give
            log.warn("request {} failed after its answer had started: {}", servlet.getRequest().getRequestURI(), e.toString());
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, internalError(log, e));
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Logs {@code e} under a fresh reference and returns the {@code detail} that quotes it. */
    static String internalError(Logger log, Throwable e) {
        String reference = UUID.randomUUID().toString();
        log.error("internal error {}", reference, e);
        return "internal error; the service log has the details under reference " + reference;
    }

    /** Tomcat reports a multipart body over its limit without the limit (-1); the limit is ours. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "upload exceeds the limit of " + maxUploadBytes + " bytes (mixup.max-upload-bytes)");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    /** curl's --data-binary defaults to a form content type; say what to send instead. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String supported = ex.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        String detail = "Content-Type '" + ex.getContentType() + "' is not supported here; send one of: " + supported;
        if (ex.getSupportedMediaTypes().contains(MediaType.APPLICATION_OCTET_STREAM)) {
            detail += " (for a .npz: curl -H 'Content-Type: application/octet-stream' --data-binary @data.npz,"
                    + " or multipart with -F file=@data.npz)";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** Name the offending field: "unknown field 'batchsize'" beats "Failed to read request". */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = UnreadableBody.find(ex, RequestBodyTooLargeException.class);
        ProblemDetail problem = tooLarge != null
                ? bodyTooLarge(tooLarge)
                : ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, UnreadableBody.detail(ex.getCause()));
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    /** {@code ?batches=abc}: the parameter, what it must be and what came, without Java types. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Class<?> type = ex.getRequiredType();
        String expected = type == Long.class || type == long.class || type == Integer.class || type == int.class
                ? "a decimal integer" : type == Boolean.class || type == boolean.class ? "true or false" : "of another form";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "'" + ex.getPropertyName() + "' must be " + expected + ", got '" + Problems.echo(ex.getValue()) + "'");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no route for " + ex.getHttpMethod()
                + " /" + Problems.echo(ex.getResourcePath()) + "; the API is under /v1 (see /v3/api-docs)");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
    }
}
