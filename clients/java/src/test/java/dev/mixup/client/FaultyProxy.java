package dev.mixup.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on the loopback in front of the real service that injects one fault into the first request
 * whose request line contains a marker: it cuts the answer after a number of bytes, or answers in the
 * service's place. Everything else passes unchanged.
 */
final class FaultyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final String marker;
    /** Body bytes of the answer that pass before the cut; negative: none of the answer passes. */
    private final long cutAfterBodyBytes;
    private final byte[] answer;
    private final AtomicBoolean fired = new AtomicBoolean();

    private FaultyProxy(URI target, String marker, long cutAfterBodyBytes, byte[] answer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.marker = marker;
        this.cutAfterBodyBytes = cutAfterBodyBytes;
        this.answer = answer;
        daemon(this::accept);
    }

    /**
     * Breaks the connection once the headers and {@code bodyBytes} of the body of the answer to the first request
     * containing {@code marker} passed; with a negative {@code bodyBytes}, before any of the answer.
     */
    static FaultyProxy cuttingAnswer(URI target, String marker, long bodyBytes) throws IOException {
        return new FaultyProxy(target, marker, bodyBytes, null);
    }

    /** Answers the first request containing {@code marker} with {@code response} (status line, headers, body). */
    static FaultyProxy answeringOnce(URI target, String marker, String response) throws IOException {
        return new FaultyProxy(target, marker, -1, response.getBytes(StandardCharsets.ISO_8859_1));
    }

    URI uri() {
        return URI.create("http://localhost:" + server.getLocalPort());
    }

    boolean fired() {
        return fired.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                AtomicBoolean cutArmed = new AtomicBoolean();
                daemon(() -> requests(client, upstream, cutArmed));
                daemon(() -> answers(upstream, client, cutArmed));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void requests(Socket client, Socket upstream, AtomicBoolean cutArmed) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                String firstLine = new String(buffer, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                if (firstLine.contains(marker) && fired.compareAndSet(false, true)) {
                    if (answer != null) {
                        client.getOutputStream().write(answer);
                        client.getOutputStream().flush();
                        closeBoth(client, upstream);
                        return;
                    }
                    cutArmed.set(true);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // either side went away
        }
        closeBoth(client, upstream);
    }

    private void answers(Socket upstream, Socket client, AtomicBoolean cutArmed) {
        try (InputStream in = new BufferedInputStream(upstream.getInputStream());
             OutputStream out = new BufferedOutputStream(client.getOutputStream())) {
            int b;
            int headerEnd = 0;
            long bodyPassed = 0;
            while ((b = in.read()) >= 0) {
                if (cutArmed.get()) {
                    if (cutAfterBodyBytes < 0 || headerEnd == 4 && bodyPassed++ >= cutAfterBodyBytes) {
                        break;
                    }
                    headerEnd = headerEnd == 4 ? 4 : (b == (headerEnd % 2 == 0 ? '\r' : '\n') ? headerEnd + 1 : 0);
                }
                out.write(b);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // either side went away
        }
        closeBoth(client, upstream);
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "faulty-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
