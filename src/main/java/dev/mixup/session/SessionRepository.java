package dev.mixup.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mixup.RetryLaterException;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageRequest;

/**
 * Where sessions and their cursors live: the only authoritative session state of the service, so
 * that replicas sharing one repository serve one sequence of steps.
 *
 * <p>Every method that changes a session has changed it durably when it returns, and changed nothing
 * when it throws: {@link dev.mixup.dataset.InsufficientStorageException} when the store is full,
 * {@link RetryLaterException} when it cannot be reached or written for another reason. A deleted or
 * expired session is gone for good: no later call, however it raced the removal, brings it back.
 * Methods that address one session throw {@link SessionNotFoundException} when there is none.
 */
public interface SessionRepository {

    /**
     * Stores a new session, unless {@code maxSessions} are open already ({@link SessionLimitException}) or its
     * dataset was closed ({@link dev.mixup.dataset.DatasetNotFoundException}, see {@link #closeDataset}).
     * The checks and the write are one atomic step.
     */
    void create(StoredSession session, int maxSessions);

    Optional<StoredSession> find(String id);

    /** A page of sessions in the order of {@link dev.mixup.paging.PageKey}: creation time, then id. */
    Page<StoredSession> list(PageRequest page);

    /**
     * Closes dataset {@code datasetId} to new sessions and returns the ids of the sessions that read it, in
     * one atomic step with every {@link #create}: refused with {@link DatasetInUseException}, closing
     * nothing, when there are such sessions and {@code force} is false. The dataset stays closed until
     * {@link #reopenDataset} (at least for as long as deleting a dataset may take).
     */
    List<String> closeDataset(String datasetId, boolean force);

    /** Opens a dataset closed by {@link #closeDataset} again: it could not be deleted after all. */
    void reopenDataset(String datasetId);

    long count();

    /** Removes the session; {@code false} when there was none. */
    boolean delete(String id);

    /**
     * Atomically claims the {@code count} steps at the session's position and moves the position past
     * them, recording {@code now} as its last use. Returns the first claimed step. Concurrent callers,
     * on any replica, never get the same step, and no step is skipped.
     *
     * <p>With a {@code key} (else {@code null}), the claim is remembered under it for
     * {@code mixup.sessions.idempotency-key-ttl}: a claim with the same key meanwhile, on any replica,
     * returns the same first step and changes nothing, or throws {@link IdempotencyKeyReusedException}
     * when its {@code count} differs.
     */
    long claim(String id, int count, Instant now, IdempotencyKey key);

    /** A claim without an {@link IdempotencyKey}. */
    default long claim(String id, int count, Instant now) {
        return claim(id, count, now, null);
    }

    /** Moves the position to {@code step} (the next claim starts there), recording {@code now} as its last use. */
    void seek(String id, long step, Instant now);

    /** Records {@code now} as the session's last use, so that it is not expired while in use. */
    void touch(String id, Instant now);

    /**
     * Removes the sessions last used before {@code cutoff} and returns their ids. (A store that can
     * also expire entries by itself, such as keys with a TTL, may do so as a safety net.)
     */
    List<String> expireIdle(Instant cutoff);
}
