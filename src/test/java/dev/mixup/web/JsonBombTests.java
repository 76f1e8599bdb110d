package dev.mixup.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.mixup.testing.ForkedService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 40 MB settings document with a 10^7-element list, against the service at a 96 MB heap that exits on
 * OutOfMemoryError: parsed whole, the list alone needs a few hundred MB. The body limit must refuse it first.
 */
class JsonBombTests {

    private static final String HEAD = "{\"dataset_id\": \"x\", \"datagen\": {\"brightness_range\": [";
    private static final String ELEMENT = "0.5,";
    private static final int ELEMENTS = 10_000_000;
    private static final String TAIL = "1.5]}}";

    private static ForkedService service;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "forked-data-");
        service = ForkedService.start(dataDir, List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aHugeJsonBodyIs413AndTheJvmLives(boolean chunked) throws Exception {
        String response = post(chunked);

        // announced, the length alone is refused; streamed, the parser's token limit may trip before the byte limit
        assertThat(response).containsPattern(chunked ? "^HTTP/1.1 (413|400) " : "^HTTP/1.1 413 ")
                .contains("application/problem+json").containsPattern("1048576 bytes|exceeds a JSON limit");
        assertThat(service.isAlive()).isTrue();
        assertThat(RawHttp.send(service.port(), "GET", "/actuator/health/liveness").status()).isEqualTo(200);
    }

    /** Sends the body from another thread while this one reads the answer, which comes before the body is through. */
    private static String post(boolean chunked) throws IOException, InterruptedException {
        long length = HEAD.length() + (long) ELEMENT.length() * ELEMENTS + TAIL.length();
        try (Socket socket = new Socket("localhost", service.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> writeBody(out, chunked));
            String response = readHead(socket.getInputStream());
            writer.join(60_000);
            return response;
        }
    }

    private static void writeBody(OutputStream out, boolean chunked) {
        byte[] block = ELEMENT.repeat(16_384).getBytes(StandardCharsets.US_ASCII);
        try {
            writeChunk(out, HEAD.getBytes(StandardCharsets.US_ASCII), chunked);
            for (int written = 0; written < ELEMENTS; written += 16_384) {
                int count = Math.min(16_384, ELEMENTS - written);
                writeChunk(out, count == 16_384 ? block : Arrays.copyOf(block, count * ELEMENT.length()), chunked);
            }
            writeChunk(out, TAIL.getBytes(StandardCharsets.US_ASCII), chunked);
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // the service answered and closed the connection before the body was through: as it should
        }
    }

    private static void writeChunk(OutputStream out, byte[] bytes, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The status line, headers and what of the body has arrived, up to 4 KB. */
    private static String readHead(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int filled = 0;
        String text = "";
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            text = new String(buffer, 0, filled, StandardCharsets.ISO_8859_1);
            if (text.contains("\r\n\r\n") && text.contains("}")) {
                break;
            }
        }
        return text;
    }
}
