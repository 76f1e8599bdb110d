package dev.mixup.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a problem body to an error answered with none, such as the actuator's 404 for an unknown health
 * component ({@code /actuator/health/nothing}).
 */
@Component
class EmptyErrorBodyFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyWatcher watched = new BodyWatcher(response);
        chain.doFilter(request, watched);
        HttpStatus status = HttpStatus.resolve(response.getStatus());
        if (status != null && status.isError() && !watched.bodyStarted && !response.isCommitted()
                && !HttpMethod.HEAD.matches(request.getMethod())) {
            Problems.write(response, status, status.getReasonPhrase(), request.getRequestURI());
        }
    }

    private static final class BodyWatcher extends HttpServletResponseWrapper {

        private boolean bodyStarted;

        BodyWatcher(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyStarted = true;
            return super.getWriter();
        }
    }
}
