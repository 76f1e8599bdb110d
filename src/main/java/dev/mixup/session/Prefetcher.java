package dev.mixup.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import dev.mixup.MixupProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Prepares the next batches of an active session while the trainer is busy with the current one.
 * Steps are pure functions of the settings, so a prefetched batch is always the right one; a
 * byte budget (a quarter of the heap) bounds what may wait in memory.
 */
@Component
class Prefetcher implements DisposableBean {

    private final int depth;
    private final long budgetBytes = Runtime.getRuntime().maxMemory() / 4;
    private final AtomicLong reservedBytes = new AtomicLong();
    private final ConcurrentMap<Key, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("mixup-prefetch-", 0).daemon().factory());

    Prefetcher(MixupProperties properties) {
        this.depth = Math.max(0, properties.prefetch());
    }

    /** The batch at {@code step}, taken from the prefetched ones when it is there. */
    Batch take(Session session, long step) {
        Pending ready = pending.remove(new Key(session.id(), step));
        if (ready == null) {
            return session.recipe().produce(step);
        }
        reservedBytes.addAndGet(-ready.bytes());
        return join(ready.batch());
    }

    /** The batch at {@code step}, leaving any prefetched copy for the {@code next} call that will want it. */
    Batch peek(Session session, long step) {
        Pending ready = pending.get(new Key(session.id(), step));
        return ready == null ? session.recipe().produce(step) : join(ready.batch());
    }

    void prefetch(Session session, long fromStep) {
        long bytes = session.recipe().payloadBytes();
        for (long step = fromStep; step < fromStep + depth; step++) {
            Key key = new Key(session.id(), step);
            if (pending.containsKey(key)) {
                continue;
            }
            if (reservedBytes.addAndGet(bytes) > budgetBytes) {
                reservedBytes.addAndGet(-bytes);
                return;
            }
            long target = step;
            Pending job = new Pending(CompletableFuture.supplyAsync(() -> session.recipe().produce(target), workers), bytes);
            if (pending.putIfAbsent(key, job) != null) {
                job.batch().cancel(false);
                reservedBytes.addAndGet(-bytes);
            }
        }
    }

    void forget(String sessionId) {
        pending.entrySet().removeIf(entry -> {
            if (entry.getKey().sessionId().equals(sessionId)) {
                reservedBytes.addAndGet(-entry.getValue().bytes());
                return true;
            }
            return false;
        });
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    private static Batch join(CompletableFuture<Batch> batch) {
        try {
            return batch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private record Key(String sessionId, long step) {
    }

    private record Pending(CompletableFuture<Batch> batch, long bytes) {
    }
}
