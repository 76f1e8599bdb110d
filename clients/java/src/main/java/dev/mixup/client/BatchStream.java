package dev.mixup.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The steps {@code [first, first + count)} that one {@code stream} call claimed, handed out in order,
 * none lost and none twice: when the connection breaks mid-way, the rest come from {@code batches/{k}}.
 */
final class BatchStream implements AutoCloseable {

    private final MixupSession session;
    private final long first;
    private final int count;
    private final List<String> names;
    private NpyReader reader;
    private InputStream body;
    private int delivered;

    BatchStream(MixupSession session, long first, int count, List<String> names, NpyReader reader, InputStream body) {
        this.session = session;
        this.first = first;
        this.count = count;
        this.names = names;
        this.reader = reader;
        this.body = body;
    }

    /**
     * Claims {@code count} steps from the position the caller expects the session at. If the call fails before
     * its answer arrives, the session's position tells whether the service claimed them: if not, it is tried
     * again; if so, the claimed steps are fetched one by one.
     */
    static BatchStream open(MixupSession session, long expectedFirst, int count) {
        try {
            return session.stream(count);
        } catch (UncheckedIOException unanswered) {
            long position = session.position();
            if (position == expectedFirst) {
                return session.stream(count);
            }
            if (position == expectedFirst + count) {
                return new BatchStream(session, expectedFirst, count, List.of(), null, null);
            }
            throw unanswered;
        }
    }

    long first() {
        return first;
    }

    boolean hasNext() {
        return delivered < count;
    }

    Batch next() {
        long step = first + delivered;
        Batch batch = null;
        if (reader != null) {
            try {
                batch = session.read(reader, names, step);
            } catch (NpyFormatException e) {
                close();
                throw new UncheckedIOException("step " + step + ": " + e.getMessage(), e);
            } catch (IOException broken) {
                close();
            }
        }
        if (batch == null) {
            batch = session.batch(step);
        }
        delivered++;
        if (!hasNext()) {
            close();
        }
        return batch;
    }

    @Override
    public void close() {
        reader = null;
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
            body = null;
        }
    }
}
