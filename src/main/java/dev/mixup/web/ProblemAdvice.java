package dev.mixup.web;

import java.util.stream.Collectors;

import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.dataset.DatasetTooLargeException;
import dev.mixup.dataset.DiskSpace;
import dev.mixup.dataset.InsufficientStorageException;
import dev.mixup.dataset.InvalidDatasetException;
import dev.mixup.dataset.UploadTooLargeException;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.SessionNotFoundException;
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
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error is an RFC 9457 problem with a {@code detail} a user can act on. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler({InvalidDatasetException.class, InvalidSessionException.class})
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

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "upload exceeds the limit of " + ex.getMaxUploadSize() + " bytes (mixup.max-upload-bytes)");
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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, readableDetail(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String readableDetail(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + unknown.getPropertyName() + "' in " + path(unknown) + " (known fields: " + known + ")";
        }
        if (cause instanceof DatabindException databind) {
            return "invalid value for " + path(databind) + ": " + databind.getOriginalMessage();
        }
        return "request body is not valid JSON: " + cause.getMessage();
    }

    private static String path(DatabindException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the body" : "'" + path + "'";
    }
}
