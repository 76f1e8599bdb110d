package dev.mixup.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpzArchive;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running service over real HTTP, the way a trainer would. */
final class ApiClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String apiKey;

    ApiClient(int port, String apiKey) {
        this.base = "http://localhost:" + port;
        this.apiKey = apiKey;
    }

    HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String accept) {
        return send(method, path, contentType, body, accept, Map.of());
    }

    /** A POST of {@code next} or {@code stream} under an Idempotency-Key, as a trainer that retries sends it. */
    HttpResponse<byte[]> postWithKey(String path, String idempotencyKey) {
        return send("POST", path, null, null, null, Map.of("Idempotency-Key", idempotencyKey));
    }

    HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String accept,
                              Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> postJson(String path, String body) {
        return send("POST", path, "application/json", body.getBytes(), null);
    }

    HttpResponse<byte[]> get(String path) {
        return send("GET", path, null, null, null);
    }

    JsonNode json(HttpResponse<byte[]> response) {
        return json.readTree(response.body());
    }

    String uploadDataset(byte[] npz, String query) {
        HttpResponse<byte[]> response = send("POST", "/v1/datasets?" + query, "application/octet-stream", npz, null);
        if (response.statusCode() != 201) {
            throw new AssertionError("upload failed: " + response.statusCode() + " " + new String(response.body()));
        }
        return json(response).get("id").asString();
    }

    String openSession(String settingsJson) {
        HttpResponse<byte[]> response = postJson("/v1/sessions", settingsJson);
        if (response.statusCode() != 201) {
            throw new AssertionError("session failed: " + response.statusCode() + " " + new String(response.body()));
        }
        return json(response).get("id").asString();
    }

    /** Every item of a paged listing ({@code GET /v1/datasets}, {@code GET /v1/sessions}), page after page. */
    List<JsonNode> listAll(String path) {
        List<JsonNode> items = new ArrayList<>();
        String token = null;
        do {
            HttpResponse<byte[]> response = get(path + "?limit=1000" + (token == null ? "" : "&page_token=" + token));
            if (response.statusCode() != 200) {
                throw new AssertionError("listing failed: " + response.statusCode() + " " + new String(response.body()));
            }
            JsonNode page = json(response);
            page.get("items").forEach(items::add);
            token = page.get("next").isNull() ? null : page.get("next").asString();
        } while (token != null);
        return items;
    }

    /** The arrays of a .npz body, read with the service's own strict reader. */
    static Map<String, NpyArray> readNpz(byte[] body) throws IOException {
        Path file = Files.createTempFile("batch", ".npz");
        try {
            Files.write(file, body);
            Map<String, NpyArray> arrays = new HashMap<>();
            try (NpzArchive npz = NpzArchive.open(file)) {
                for (String name : npz.names()) {
                    NpyHeader header = npz.header(name);
                    try (var in = npz.openData(name)) {
                        arrays.put(name, new NpyArray(header, in.readAllBytes()));
                    }
                }
            }
            return arrays;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
