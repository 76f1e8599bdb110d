package dev.mixup.session;

import java.io.IOException;
import java.time.Clock;

import dev.mixup.MixupProperties;
import org.springframework.stereotype.Service;

/**
 * Hands out batches. Every request is first admitted against the {@link MemoryBudget} (a refusal
 * changes nothing), then claims its steps: the cursor moves only once the repository saved it, so
 * a failed save serves nothing and the next call gets the same step. Every claimed step is then
 * produced and written while the admission is held.
 */
@Service
public class BatchService {

    private final SessionService sessions;
    private final SessionRepository repository;
    private final Prefetcher prefetcher;
    private final PayloadArrays arrays;
    private final MemoryBudget budget;
    private final SessionLeases leases;
    private final Clock clock;
    private final int maxStreamBatches;

    BatchService(SessionService sessions, SessionRepository repository, Prefetcher prefetcher, PayloadArrays arrays,
                 MemoryBudget budget, SessionLeases leases, MixupProperties properties, Clock clock) {
        this.sessions = sessions;
        this.repository = repository;
        this.prefetcher = prefetcher;
        this.arrays = arrays;
        this.budget = budget;
        this.leases = leases;
        this.clock = clock;
        this.maxStreamBatches = properties.maxStreamBatches();
    }

    /**
     * The batch at the position; the position moves on by one. A call sent again with its {@code key}
     * (or {@code null}) gets the same step again, see {@link SessionRepository#claim}.
     */
    public void next(String id, IdempotencyKey key, BatchWriter writer) throws IOException {
        serve(id, 1, key, writer);
    }

    /** {@code count} batches from the position, in order; the position moves on by {@code count}. */
    public void stream(String id, int count, IdempotencyKey key, BatchWriter writer) throws IOException {
        if (count < 1 || count > maxStreamBatches) {
            throw new InvalidSessionException("batches must be in [1, " + maxStreamBatches + "], got " + count);
        }
        serve(id, count, key, writer);
    }

    /**
     * Any step, position unchanged: the retry path of a trainer resuming from its own checkpoint.
     * {@code extraBytes} is heap the writer needs besides the batch (a preview's picture).
     */
    public void batch(String id, long step, long extraBytes, BatchWriter writer) throws IOException {
        if (step < 0) {
            throw new InvalidSessionException("step must be >= 0, got " + step);
        }
        StoredSession session = sessions.find(id);
        BatchRecipe recipe = sessions.recipe(session);
        try (MemoryBudget.Admission admission = budget.admit(fitting(recipe.workingBytes() + extraBytes));
             SessionLeases.Lease lease = leases.hold(id)) {
            sessions.touch(session);
            // produced for this call alone: a prefetched batch stays for the next call, which recycles it
            Batch batch = recipe.produce(step, arrays::take);
            writer.write(batch);
            arrays.recycle(batch);
        }
    }

    private void serve(String id, int count, IdempotencyKey key, BatchWriter writer) throws IOException {
        StoredSession session = sessions.find(id);
        BatchRecipe recipe = sessions.recipe(session);
        // one batch at a time: a stream reuses its admission for each of its batches
        try (MemoryBudget.Admission admission = budget.admit(fitting(recipe.workingBytes()));
             SessionLeases.Lease lease = leases.hold(id)) {
            long first = repository.claim(id, count, clock.instant(), key);
            for (long step = first; step < first + count; step++) {
                Batch batch = prefetcher.take(id, recipe, step);
                prefetcher.prefetch(id, recipe, step + 1);
                writer.write(batch);
                arrays.recycle(batch);
            }
        }
    }

    /** Sessions are checked when opened, but one may outlive a restart with a smaller heap. */
    private long fitting(long bytes) {
        if (bytes > budget.capacityBytes()) {
            throw new InvalidSessionException("this request needs " + bytes + " bytes of batch memory, more than"
                    + " mixup.batch-memory-bytes (" + budget.capacityBytes() + "); ask for less");
        }
        return bytes;
    }
}
