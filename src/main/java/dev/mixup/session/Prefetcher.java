package dev.mixup.session;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.mixup.MixupProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Prepares the next batches of a session that is being read while the trainer is busy with the
 * current one. Steps are pure functions of the settings, so a prefetched batch is always the right
 * one. Prefetching only uses batch memory nobody waits for; what it holds is given back as soon as a
 * request finds the budget full, and when nobody took it within {@code mixup.prefetch-ttl}.
 */
@Component
class Prefetcher implements DisposableBean {

    private final int depth;
    private final long ttlNanos;
    private final MemoryBudget budget;
    private final PayloadArrays arrays;
    private final ConcurrentMap<Key, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("mixup-prefetch-", 0).daemon().factory());

    Prefetcher(MixupProperties properties, MemoryBudget budget, PayloadArrays arrays) {
        this.depth = Math.max(0, properties.prefetch());
        this.ttlNanos = properties.prefetchTtl().toNanos();
        this.budget = budget;
        this.arrays = arrays;
        budget.onPressure(() -> drop(pending -> true));
    }

    /**
     * The batch at {@code step}, taken from the prefetched ones when it is there; the caller has it to
     * itself (and may recycle its arrays once written). The caller holds an admission for it, so the
     * prefetch's own share of the budget is given back.
     */
    Batch take(String sessionId, BatchRecipe recipe, long step) {
        Pending ready = pending.remove(new Key(sessionId, step));
        if (ready == null) {
            return recipe.produce(step, arrays::take);
        }
        try {
            return join(ready.batch());
        } finally {
            ready.release();
        }
    }

    void prefetch(String sessionId, BatchRecipe recipe, long fromStep) {
        long bytes = recipe.workingBytes();
        for (long step = fromStep; step < fromStep + depth; step++) {
            Key key = new Key(sessionId, step);
            if (pending.containsKey(key)) {
                continue;
            }
            if (!budget.tryTakeSpare(bytes)) {
                return;
            }
            long target = step;
            Pending job = new Pending(CompletableFuture.supplyAsync(() -> recipe.produce(target, arrays::take), workers), bytes,
                    System.nanoTime());
            if (pending.putIfAbsent(key, job) != null) {
                job.releaseWhenDone();
            }
        }
    }

    void forget(String sessionId) {
        drop(entry -> entry.getKey().sessionId().equals(sessionId));
    }

    /**
     * Gives back what nobody took within {@code mixup.prefetch-ttl}: batches of a session that is no
     * longer read, and arrays kept for batches that did not come.
     */
    void dropStale() {
        long now = System.nanoTime();
        drop(entry -> now - entry.getValue().preparedAt() > ttlNanos);
        arrays.dropRecycledBefore(now - ttlNanos);
    }

    private void drop(Predicate<Map.Entry<Key, Pending>> which) {
        pending.entrySet().removeIf(entry -> {
            if (which.test(entry)) {
                entry.getValue().releaseWhenDone();
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

    /** A batch being prepared, and the budget it holds until it is taken or dropped. */
    private final class Pending {

        private final CompletableFuture<Batch> batch;
        private final long bytes;
        private final long preparedAt;
        private final AtomicBoolean released = new AtomicBoolean();

        Pending(CompletableFuture<Batch> batch, long bytes, long preparedAt) {
            this.batch = batch;
            this.bytes = bytes;
            this.preparedAt = preparedAt;
        }

        CompletableFuture<Batch> batch() {
            return batch;
        }

        long preparedAt() {
            return preparedAt;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                budget.release(bytes);
            }
        }

        /** A batch still being produced holds its memory until it is done. */
        void releaseWhenDone() {
            batch.whenComplete((done, failed) -> release());
        }
    }
}
