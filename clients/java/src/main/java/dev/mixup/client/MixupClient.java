package dev.mixup.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A connection to a mixup-service. Immutable and thread-safe; one per service is enough.
 * <pre>{@code
 * MixupClient client = MixupClient.connect(URI.create("http://localhost:8080")).withApiKey(System.getenv("MIXUP_API_KEY"));
 * DatasetInfo dataset = client.upload(Path.of("cifar10.npz"), "cifar10");
 * try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(64).seed(1))) {
 *     network.fit(session.iterator());
 * }
 * }</pre>
 */
public final class MixupClient {

    private static final int ATTEMPTS = 5;
    private static final int PAGE_SIZE = 100;

    private final Transport transport;

    private MixupClient(Transport transport) {
        this.transport = transport;
    }

    /** The service at {@code uri}, e.g. {@code http://localhost:8080}. Nothing is sent yet. */
    public static MixupClient connect(URI uri) {
        URI base = uri.getPath() != null && uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new MixupClient(new Transport(http, json, base, null, ATTEMPTS));
    }

    /** Sends {@code Authorization: Bearer <key>} (for a service with {@code mixup.api-key} set); null sends none. */
    public MixupClient withApiKey(String apiKey) {
        return new MixupClient(transport.withApiKey(apiKey == null || apiKey.isBlank() ? null : apiKey));
    }

    /** How often a call is tried when the connection fails or the service answers 503 (default 5). */
    public MixupClient withAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        return new MixupClient(transport.withAttempts(attempts));
    }

    /** Uploads a {@code .npz} (images in {@code x}, labels in {@code y}), streamed from disk. */
    public DatasetInfo upload(Path npz, String name) {
        return upload(npz, name, UploadOptions.defaults());
    }

    public DatasetInfo upload(Path npz, String name, UploadOptions options) {
        HttpRequest request;
        try {
            request = transport.request("v1/datasets?name=" + Query.encode(name) + options.query(), "application/json")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(npz)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + npz, e);
        }
        return DatasetInfo.of(transport.exchange(request, false, response -> {
            try (var body = response.body()) {
                return transport.json().readTree(body);
            }
        }));
    }

    /** Uploads images and labels held as INDArrays (class ids of shape (N,) are one-hot encoded by the service). */
    public DatasetInfo upload(INDArray x, INDArray y, String name) {
        Map<String, INDArray> members = new LinkedHashMap<>();
        members.put("x", x);
        members.put("y", y);
        return upload(members, name, UploadOptions.defaults());
    }

    /** Uploads INDArrays as the members of one {@code .npz}; {@code options} names the image and label members. */
    public DatasetInfo upload(Map<String, INDArray> members, String name, UploadOptions options) {
        Path file = null;
        try {
            file = Files.createTempFile("mixup-upload-", ".npz");
            try (OutputStream out = Files.newOutputStream(file)) {
                NpzWriter.write(members, out);
            }
            return upload(file, name, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the arrays to a temporary .npz", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Every dataset the service holds, oldest first. */
    public List<DatasetInfo> datasets() {
        List<DatasetInfo> datasets = new ArrayList<>();
        pages("v1/datasets").forEach(item -> datasets.add(DatasetInfo.of(item)));
        return datasets;
    }

    public DatasetInfo dataset(String id) {
        return DatasetInfo.of(transport.call("GET", "v1/datasets/" + Query.encode(id), null, true));
    }

    /** Deletes a dataset; with {@code force} also the sessions that use it (else they make it a 409). */
    public void deleteDataset(String id, boolean force) {
        transport.call("DELETE", "v1/datasets/" + Query.encode(id) + "?force=" + force, null, true);
    }

    /** Opens a session; {@link MixupSession#close()} deletes it. */
    public MixupSession open(SessionRequest request) {
        JsonNode view = transport.call("POST", "v1/sessions", request.toJson(), false);
        return session(view);
    }

    /** An open session by id: a trainer that restarted picks up its session (and then seeks to its checkpoint). */
    public MixupSession session(String id) {
        return session(transport.call("GET", "v1/sessions/" + Query.encode(id), null, true));
    }

    private MixupSession session(JsonNode view) {
        return new MixupSession(transport, view, dataset(view.path("dataset_id").asText()));
    }

    /** The items of a list, page by page. */
    private List<JsonNode> pages(String path) {
        List<JsonNode> items = new ArrayList<>();
        String token = null;
        do {
            String query = "?limit=" + PAGE_SIZE + (token == null ? "" : "&page_token=" + Query.encode(token));
            JsonNode page = transport.call("GET", path + query, null, true);
            page.path("items").forEach(items::add);
            token = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (token != null);
        return items;
    }
}
