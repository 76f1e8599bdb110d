package dev.mixup.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problems written straight to the servlet response, for the answers given before a request reaches
 * Spring MVC (the security filters, Tomcat's error valve), and the quoting rule every {@code detail} follows.
 */
final class Problems {

    /** Longest excerpt of request input a {@code detail} repeats. */
    static final int MAX_ECHO = 100;

    private Problems() {
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail, String instance) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", echo(instance));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        JsonMapper.shared().writeValue(response.getOutputStream(), problem);
    }

    /** Request input as it may appear in a {@code detail}: at most {@link #MAX_ECHO} characters. */
    static String echo(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_ECHO) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
        return text.substring(0, end) + "...";
    }
}
