package dev.mixup.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A session on the service: fixed settings, a seed and a position. {@link #next()} takes the batch at the
 * position (safe from several threads: each caller gets its own step), {@link #batch(long)} any step again,
 * and {@link #iterator()} feeds DL4J one epoch per pass.
 */
public final class MixupSession implements AutoCloseable {

    static final String STEP_HEADER = "Mixup-Step";
    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final int BATCHES_PER_REQUEST = 16;

    private final Transport transport;
    private final String id;
    private final JsonNode settings;
    private final DatasetInfo dataset;

    MixupSession(Transport transport, JsonNode view, DatasetInfo dataset) {
        this.transport = transport;
        this.id = view.path("id").asText();
        this.settings = view;
        this.dataset = dataset;
    }

    public String id() {
        return id;
    }

    public long stepsPerEpoch() {
        return settings.path("steps_per_epoch").asLong();
    }

    public int batchSize() {
        return settings.path("batch_size").asInt();
    }

    /** The seed in use, drawn by the service when the request had none. */
    public long seed() {
        return settings.path("seed").asLong();
    }

    public DatasetInfo dataset() {
        return dataset;
    }

    /** The step the next {@link #next()} will serve, as the service holds it now. */
    public long position() {
        return transport.call("GET", path(""), null, true).path("position").path("step").asLong();
    }

    /**
     * The batch at the position; the position moves on by one. A call whose answer is lost is sent again with
     * its Idempotency-Key, which gets the same step; a connection broken mid-body is recovered by the step.
     */
    public Batch next() {
        HttpRequest request = claiming(path("/next")).build();
        return transport.exchange(request, true, response -> {
            long step = step(response);
            try (InputStream body = response.body()) {
                return read(new NpyReader(new BufferedInputStream(body)), arrayNames(response), step);
            } catch (NpyFormatException e) {
                throw e;
            } catch (IOException broken) {
                return batch(step); // the step is ours already: fetch it again, idempotently
            }
        });
    }

    /** The batch at any step, byte for byte what {@link #next()} served there; the position does not move. */
    public Batch batch(long step) {
        HttpRequest request = transport.request(path("/batches/" + step), Transport.NPY).GET().build();
        return transport.exchange(request, true, response -> {
            try (InputStream body = response.body()) {
                return read(new NpyReader(new BufferedInputStream(body)), arrayNames(response), step(response));
            }
        });
    }

    /** Moves the position: the next {@link #next()} serves {@code step} (a trainer resuming from its checkpoint). */
    public void seek(long step) {
        transport.call("PUT", path("/position"), Map.of("step", step), true);
    }

    /** A DL4J iterator over the rest of the current epoch; {@code reset()} moves on to the next epoch. */
    public DataSetIterator iterator() {
        return iterator(BATCHES_PER_REQUEST);
    }

    /** As {@link #iterator()}, fetching up to {@code batchesPerRequest} batches in one streamed response. */
    public DataSetIterator iterator(int batchesPerRequest) {
        if (batchesPerRequest < 1) {
            throw new IllegalArgumentException("batchesPerRequest must be >= 1, got " + batchesPerRequest);
        }
        return new EpochIterator(this, batchesPerRequest);
    }

    /** Deletes the session on the service; closing it twice is harmless. */
    @Override
    public void close() {
        try {
            transport.call("DELETE", path(""), null, true);
        } catch (MixupException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** Claims {@code count} steps from the position in one streamed response, left open for reading. */
    BatchStream stream(int count) {
        HttpRequest request = claiming(path("/stream?batches=" + count)).build();
        return transport.exchange(request, true, response -> new BatchStream(this, step(response), count,
                arrayNames(response), new NpyReader(new BufferedInputStream(response.body())), response.body()));
    }

    /** One batch's arrays, read in the order the Mixup-Arrays header names them. */
    Batch read(NpyReader reader, List<String> names, long step) throws IOException {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> arrays = new LinkedHashMap<>();
        for (String name : names) {
            arrays.put(name, reader.read());
        }
        List<String> labelNames = names.stream().filter(name -> !name.equals("x")).toList();
        return new Batch(step, step / stepsPerEpoch(), arrays, labelNames);
    }

    /** A POST that claims steps, with a key of its own: every attempt of the call sends the same one. */
    private HttpRequest.Builder claiming(String path) {
        return transport.request(path, Transport.NPY).header(IDEMPOTENCY_KEY_HEADER, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private String path(String rest) {
        return "v1/sessions/" + Query.encode(id) + rest;
    }

    private static long step(HttpResponse<?> response) throws IOException {
        String value = response.headers().firstValue(STEP_HEADER)
                .orElseThrow(() -> new NpyFormatException("the answer has no " + STEP_HEADER + " header"));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new NpyFormatException(STEP_HEADER + " is not a step: " + value);
        }
    }

    private static List<String> arrayNames(HttpResponse<?> response) throws IOException {
        // each name is percent-encoded UTF-8, so labels may have any name; a raw '+' never occurs (it is %2B)
        List<String> names = Arrays.stream(response.headers().firstValue("Mixup-Arrays").orElse("").split(","))
                .map(String::strip).filter(name -> !name.isEmpty())
                .map(name -> URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        if (!names.contains("x")) {
            throw new NpyFormatException("the answer's Mixup-Arrays header names no x: " + names);
        }
        return names;
    }
}
