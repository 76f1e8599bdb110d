package dev.mixup.session;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.mixup.MixupProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The heap that batches may hold at once ({@code mixup.batch-memory-bytes}, by default half the
 * heap). Every batch that is produced, served or prefetched is admitted against it first, so
 * requests cannot exhaust the heap however many arrive: a request waits its turn (first come, first
 * served) for at most {@code mixup.batch-memory-wait}, then is refused with a {@link RetryLaterException}.
 * Accounting is in KiB, so a semaphore's int permits cover any heap.
 */
@Component
public class MemoryBudget {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final long capacityBytes;
    private final Duration wait;
    private final Semaphore kibibytes;
    private final CopyOnWriteArrayList<Runnable> reclaimers = new CopyOnWriteArrayList<>();

    @Autowired
    MemoryBudget(MixupProperties properties) {
        this(properties.batchMemoryBytes() == null ? Runtime.getRuntime().maxMemory() / 2 : properties.batchMemoryBytes().toBytes(),
                properties.batchMemoryWait());
    }

    MemoryBudget(long capacityBytes, Duration wait) {
        this.capacityBytes = capacityBytes;
        this.wait = wait;
        this.kibibytes = new Semaphore(permits(capacityBytes), true);
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** Free budget right now (for metrics and tests). */
    public long availableBytes() {
        return (long) kibibytes.availablePermits() * 1024;
    }

    /**
     * Holds {@code bytes} of the budget until the returned admission is closed. When they are not free,
     * first asks the reclaimers (prefetched batches nobody took yet) to give theirs back, then waits.
     */
    Admission admit(long bytes) {
        int permits = permits(bytes);
        if (permits > permits(capacityBytes)) {
            throw new IllegalArgumentException(bytes + " bytes can never fit the batch memory of " + capacityBytes);
        }
        try {
            // the timed form, unlike tryAcquire(permits), keeps to the queue
            if (!kibibytes.tryAcquire(permits, 0, TimeUnit.NANOSECONDS)) {
                reclaimers.forEach(Runnable::run);
                if (!kibibytes.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw busy(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(bytes);
        }
        return new Admission(permits);
    }

    /**
     * Takes {@code bytes} only if they are free and no request is waiting: work done ahead of need
     * never delays a request. Give them back with {@link #release}.
     */
    boolean tryTakeSpare(long bytes) {
        return !kibibytes.hasQueuedThreads() && kibibytes.tryAcquire(permits(bytes));
    }

    void release(long bytes) {
        kibibytes.release(permits(bytes));
    }

    /** {@code reclaimer} frees budget held for work that can be dropped; run when a request finds the budget full. */
    void onPressure(Runnable reclaimer) {
        reclaimers.add(reclaimer);
    }

    private RetryLaterException busy(long bytes) {
        return new RetryLaterException("the service is producing as many batches as its memory allows (this one needs "
                + bytes + " of mixup.batch-memory-bytes = " + capacityBytes + " bytes); nothing was changed, retry shortly",
                RETRY_AFTER, null);
    }

    private static int permits(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }

    /** Budget held for one request; closing it gives it back. */
    final class Admission implements AutoCloseable {

        private final int permits;
        private boolean closed;

        private Admission(int permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                kibibytes.release(permits);
            }
        }
    }
}
