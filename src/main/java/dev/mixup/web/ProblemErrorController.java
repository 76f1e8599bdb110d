package dev.mixup.web;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's error page, for errors that happen outside the controllers (a filter, the servlet container):
 * a problem like every other answer, whatever the request's {@code Accept}.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status)) {
            // asked for directly, not an error dispatch
            Problems.write(response, HttpStatus.NOT_FOUND, "no route for " + request.getMethod() + " " + Problems.echo(request.getRequestURI()),
                    request.getRequestURI());
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answer = known != null && known.isError() ? known : HttpStatus.INTERNAL_SERVER_ERROR;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail;
        if (answer.is5xxServerError()) {
            detail = failure != null ? ProblemAdvice.internalError(log, failure) : answer.getReasonPhrase();
        } else {
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            detail = message instanceof String text && !text.isBlank() ? Problems.echo(text) : answer.getReasonPhrase();
        }
        Problems.write(response, answer, detail, uri);
    }
}
