package dev.mixup.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on a request that never reached the application, e.g. a URI with an encoded {@code /} or
 * a NUL, refused before any filter runs: a problem instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answer = known != null ? known : HttpStatus.INTERNAL_SERVER_ERROR;
        // Tomcat's own messages ("Invalid URI") say what was wrong with the request; a server error says nothing
        String message = response.getMessage();
        String detail = answer.is4xxClientError() && message != null && !message.isBlank()
                ? Problems.echo(message) : answer.getReasonPhrase();
        try {
            Problems.write(response, answer, detail, null);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was closed under us: nothing left to tell anyone
        }
    }
}
