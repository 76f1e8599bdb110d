package dev.mixup.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.springframework.stereotype.Component;

/**
 * The image arrays of served batches, kept for the next batches of the same size: a new array of
 * megabytes is zeroed by the JVM and is not in the cache, which costs about as much as mixing the
 * batch. An idle array holds spare batch memory as a prefetched batch does: it is given back when
 * a request finds the budget full, and when nobody took it within {@code mixup.prefetch-ttl}.
 */
@Component
class PayloadArrays {

    /** Enough for every batch of a few busy streams in flight (served, prefetched) to find one. */
    static final int MAX_IDLE = 8;

    private final MemoryBudget budget;
    private final Deque<Idle> idle = new ArrayDeque<>();

    PayloadArrays(MemoryBudget budget) {
        this.budget = budget;
        budget.onPressure(this::clear);
    }

    /** An array of {@code length} bytes whose content is undefined: every byte is written by the batch. */
    byte[] take(int length) {
        synchronized (idle) {
            for (Iterator<Idle> arrays = idle.iterator(); arrays.hasNext(); ) {
                byte[] array = arrays.next().array();
                if (array.length == length) {
                    arrays.remove();
                    budget.release(length);
                    return array;
                }
            }
        }
        return new byte[length];
    }

    /** Takes back the image array of a batch that was written and that nothing else refers to. */
    void recycle(Batch batch) {
        byte[] array = batch.x().data();
        if (!budget.tryTakeSpare(array.length)) {
            return;
        }
        synchronized (idle) {
            idle.addFirst(new Idle(array, System.nanoTime()));
            if (idle.size() > MAX_IDLE) {
                budget.release(idle.removeLast().array().length);
            }
        }
    }

    int idleArrays() {
        synchronized (idle) {
            return idle.size();
        }
    }

    /** Gives back the arrays recycled before {@code cutoffNanos} ({@link System#nanoTime()}) and not taken since. */
    void dropRecycledBefore(long cutoffNanos) {
        synchronized (idle) {
            while (!idle.isEmpty() && idle.getLast().recycledAt() - cutoffNanos < 0) {
                budget.release(idle.removeLast().array().length);
            }
        }
    }

    private void clear() {
        synchronized (idle) {
            idle.forEach(kept -> budget.release(kept.array().length));
            idle.clear();
        }
    }

    private record Idle(byte[] array, long recycledAt) {
    }
}
