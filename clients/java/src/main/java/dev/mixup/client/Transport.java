package dev.mixup.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP to the service: the API key, JSON, problems turned into {@link MixupException}s, and retries.
 * A call is retried when the service cannot have acted on it (the connection was refused, or it answered
 * 503, which leaves the position where it was) and, for idempotent calls, on any broken connection: those
 * include the calls that claim steps, which send an Idempotency-Key so that a repeat gets the same steps.
 */
final class Transport {

    static final String NPY = "application/x-npy";
    private static final String JSON = "application/json";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;
    private final String apiKey;
    private final int attempts;

    Transport(HttpClient http, ObjectMapper json, URI base, String apiKey, int attempts) {
        this.http = http;
        this.json = json;
        this.base = base;
        this.apiKey = apiKey;
        this.attempts = attempts;
    }

    Transport withApiKey(String key) {
        return new Transport(http, json, base, key, attempts);
    }

    Transport withAttempts(int count) {
        return new Transport(http, json, base, apiKey, count);
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Reads the body of a successful answer and closes it, unless it hands it on (a stream being read);
     * throws IOException when the connection breaks mid-way.
     */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(HttpResponse<InputStream> response) throws IOException;
    }

    /** A JSON call; {@code body} may be null. Returns null for 204. */
    JsonNode call(String method, String path, Object body, boolean idempotent) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(toJson(body));
        HttpRequest.Builder request = request(path, JSON).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", JSON);
        }
        return exchange(request.build(), idempotent, response -> {
            try (InputStream in = response.body()) {
                byte[] bytes = in.readAllBytes();
                return bytes.length == 0 ? null : json.readTree(bytes);
            }
        });
    }

    <T> T exchange(HttpRequest request, boolean idempotent, BodyReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= attempts;
            Duration wait = backoff(attempt);
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 503 && !last) {
                    wait = retryAfter(response).orElse(wait);
                    response.body().close();
                } else if (response.statusCode() >= 400) {
                    throw problem(response);
                } else {
                    try {
                        return reader.read(response);
                    } catch (NpyFormatException e) {
                        response.body().close();
                        throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
                    } catch (IOException e) {
                        response.body().close();
                        if (!idempotent || last) {
                            throw e;
                        }
                    }
                }
            } catch (ConnectException e) {
                if (last) {
                    throw new UncheckedIOException("cannot reach " + base + " after " + attempts + " attempts", e);
                }
            } catch (IOException e) {
                if (!idempotent || last) {
                    throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted: " + request.uri()));
            }
            sleep(wait);
        }
    }

    HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept + ", application/problem+json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
        }
    }

    private MixupException problem(HttpResponse<InputStream> response) throws IOException {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        String reason = "HTTP " + response.statusCode();
        if (response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            try {
                JsonNode problem = json.readTree(text);
                return new MixupException(response.statusCode(), problem.path("title").asText(reason),
                        problem.path("detail").asText(""));
            } catch (IOException notJson) {
                // fall through: report the body as text
            }
        }
        return new MixupException(response.statusCode(), reason, text.strip());
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(Long::parseLong)
                    .map(seconds -> Duration.ofSeconds(Math.max(0, Math.min(seconds, 60))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration backoff(int attempt) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while waiting to retry"));
        }
    }
}
