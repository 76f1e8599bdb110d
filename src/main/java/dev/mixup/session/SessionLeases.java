package dev.mixup.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;

/**
 * The sessions this process is serving batches of right now. Their last use is renewed on every
 * sweep, so a stream that takes longer than the TTL to write does not lose its session.
 */
@Component
class SessionLeases {

    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    Lease hold(String sessionId) {
        held.merge(sessionId, 1, Integer::sum);
        return () -> held.computeIfPresent(sessionId, (id, count) -> count == 1 ? null : count - 1);
    }

    Set<String> sessions() {
        return Set.copyOf(held.keySet());
    }

    /** Ends the lease; nothing to fail. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
