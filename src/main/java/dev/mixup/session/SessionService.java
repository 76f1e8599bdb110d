package dev.mixup.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.mixup.MixupProperties;
import dev.mixup.RetryLaterException;
import dev.mixup.core.BatchPlan;
import dev.mixup.dataset.Dataset;
import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.dataset.DatasetService;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Opens, describes, moves and removes sessions. The sessions themselves live in the
 * {@link SessionRepository}; this service keeps only what can be derived again from them.
 * A session whose dataset is gone is removed wherever it is met.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final SessionRepository repository;
    private final DatasetService datasets;
    private final Recipes recipes;
    private final Prefetcher prefetcher;
    private final SessionLeases leases;
    private final MemoryBudget budget;
    private final Clock clock;
    private final int maxSessions;
    private final Duration ttl;
    /** Last use is recorded at most this often by reads that do not move the cursor. */
    private final Duration touchGranularity;
    private final SecureRandom seeds = new SecureRandom();

    SessionService(SessionRepository repository, DatasetService datasets, Recipes recipes, Prefetcher prefetcher,
                   SessionLeases leases, MemoryBudget budget, MixupProperties properties, Clock clock) {
        this.repository = repository;
        this.datasets = datasets;
        this.recipes = recipes;
        this.prefetcher = prefetcher;
        this.leases = leases;
        this.budget = budget;
        this.clock = clock;
        this.maxSessions = properties.maxSessions();
        this.ttl = properties.sessionTtl();
        this.touchGranularity = properties.effectiveSweepInterval();
        removeOrphans();
    }

    public SessionView create(SessionSpec request) {
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            throw new InvalidSessionException("dataset_id is required");
        }
        Dataset dataset;
        try {
            dataset = datasets.get(request.datasetId());
        } catch (DatasetNotFoundException e) {
            throw new InvalidSessionException("dataset_id '" + request.datasetId() + "' does not name a dataset");
        }
        SessionSpec settings;
        BatchRecipe recipe;
        try {
            // what is applied, as shown and stored; drawn seeds stay below 2^31 so that every client
            // (JavaScript too) can echo them back exactly
            settings = SessionSpec.of(request.resolve(seeds.nextInt(Integer.MAX_VALUE)));
            recipe = recipes.build(settings, dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidSessionException(e.getMessage());
        }
        if (recipe.workingBytes() > budget.capacityBytes()) {
            throw new InvalidSessionException("a step of these settings needs " + recipe.workingBytes()
                    + " bytes of batch memory, more than mixup.batch-memory-bytes (" + budget.capacityBytes() + "); lower batch_size");
        }
        // whole milliseconds: a store may keep creation times (the listing order) no finer
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredSession session = new StoredSession(UUID.randomUUID().toString(), settings, 0, now, now);
        try {
            repository.create(session, maxSessions);
        } catch (DatasetNotFoundException e) {
            // the dataset is being deleted, on this replica or another
            throw new InvalidSessionException("dataset_id '" + request.datasetId() + "' does not name a dataset");
        }
        recipes.remember(session.id(), recipe);
        return view(session);
    }

    public SessionView get(String id) {
        return view(find(id));
    }

    public Page<SessionView> list(PageRequest page) {
        Page<StoredSession> stored = repository.list(page);
        return new Page<>(stored.items().stream().map(this::viewOrRemove).filter(Objects::nonNull).toList(), stored.next());
    }

    public void delete(String id) {
        if (!remove(id)) {
            throw new SessionNotFoundException(id);
        }
    }

    /**
     * Moves the cursor to {@code step}: a trainer resuming from its own checkpoint. The new position
     * is saved before it is answered, like every move of the cursor.
     */
    public SessionView seek(String id, long step) {
        if (step < 0) {
            throw new InvalidSessionException("step must be >= 0, got " + step);
        }
        find(id);
        repository.seek(id, step, clock.instant());
        prefetcher.forget(id);
        return get(id);
    }

    /**
     * Deletes a dataset, refused ({@link DatasetInUseException}) while sessions read it unless
     * {@code force}, which deletes those sessions too. The repository closes the dataset to new sessions
     * in the same step as it looks for its sessions, so that the rule holds across replicas: no session
     * can be opened on it between the check and the deletion.
     */
    public void deleteDataset(String datasetId, boolean force) {
        datasets.get(datasetId);
        List<String> users = repository.closeDataset(datasetId, force);
        try {
            datasets.delete(datasetId);
        } catch (RuntimeException e) {
            try {
                repository.reopenDataset(datasetId);
            } catch (RuntimeException reopening) {
                e.addSuppressed(reopening);
            }
            throw e;
        }
        users.forEach(this::remove);
    }

    public long count() {
        return repository.count();
    }

    /** The session, or SessionNotFoundException; a session whose dataset is gone is removed on the way. */
    StoredSession find(String id) {
        StoredSession session = repository.find(id).orElseThrow(() -> new SessionNotFoundException(id));
        if (!datasets.exists(session.settings().datasetId())) {
            removeOrphan(session);
            throw new SessionNotFoundException(id);
        }
        return session;
    }

    BatchRecipe recipe(StoredSession session) {
        try {
            return recipes.of(session);
        } catch (DatasetNotFoundException e) {
            removeOrphan(session);
            throw new SessionNotFoundException(session.id());
        } catch (IllegalArgumentException e) {
            // opened under other limits (mixup.max-batch-size, -bytes) than the service runs with now
            throw new InvalidSessionException("session " + session.id() + " cannot be served with this service's settings: "
                    + e.getMessage() + "; open a new session");
        }
    }

    /**
     * Records a read that does not move the cursor, at most once per {@link #touchGranularity}. A read
     * must not fail because its last use could not be saved, so failures are only logged.
     */
    void touch(StoredSession session) {
        Instant now = clock.instant();
        if (session.lastUsedAt().plus(touchGranularity).isBefore(now)) {
            try {
                repository.touch(session.id(), now);
            } catch (RuntimeException e) {
                log.warn("cannot record the last use of session {}: {}", session.id(), e.getMessage());
            }
        }
    }

    /**
     * Removes sessions idle for longer than {@code mixup.session-ttl}. Sessions being served right now
     * are renewed first; if that fails, nothing is removed this time rather than a session in use.
     */
    void removeIdle() {
        Instant now = clock.instant();
        Set<String> inUse = leases.sessions();
        for (String id : inUse) {
            try {
                repository.touch(id, now);
            } catch (SessionNotFoundException gone) {
                // deleted while served: nothing to renew
            } catch (RuntimeException e) {
                log.warn("not expiring idle sessions now: cannot renew session {} in use: {}", id, e.getMessage());
                return;
            }
        }
        List<String> expired;
        try {
            expired = repository.expireIdle(now.minus(ttl));
        } catch (RetryLaterException e) {
            log.warn("not expiring idle sessions now: {}", e.getMessage());
            return;
        }
        for (String id : expired) {
            log.info("removed session {}: idle for more than {}", id, ttl);
            forget(id);
        }
    }

    private boolean remove(String id) {
        boolean removed = repository.delete(id);
        forget(id);
        return removed;
    }

    private void forget(String id) {
        recipes.forget(id);
        prefetcher.forget(id);
    }

    private void removeOrphan(StoredSession session) {
        log.info("removing session {}: its dataset {} is gone", session.id(), session.settings().datasetId());
        remove(session.id());
    }

    private SessionView viewOrRemove(StoredSession session) {
        if (!datasets.exists(session.settings().datasetId())) {
            removeOrphan(session);
            return null;
        }
        return view(session);
    }

    private SessionView view(StoredSession session) {
        SessionSpec settings = session.settings();
        long samples = datasets.get(settings.datasetId()).manifest().samples();
        BatchPlan plan = new BatchPlan((int) samples, settings.batchSize(), settings.shuffle(), settings.seed(),
                settings.shardIndex(), settings.shardCount());
        return new SessionView(session.id(), settings, samples, plan.stepsPerEpoch(),
                new SessionView.Position(session.position(), plan.epochOf(session.position())),
                session.createdAt(), session.lastUsedAt());
    }

    /**
     * Sessions whose dataset was deleted (a crash between the two deletions) are removed at start. A
     * session or dataset store that cannot be reached now does not stop the start: such sessions are also removed
     * when they are next met.
     */
    private void removeOrphans() {
        try {
            removeEveryOrphan();
        } catch (RetryLaterException e) {
            log.warn("not looking for sessions of deleted datasets now: {}", e.getMessage());
        }
    }

    private void removeEveryOrphan() {
        PageRequest page = new PageRequest(null, PageRequest.MAX_LIMIT);
        long kept = 0;
        while (true) {
            Page<StoredSession> stored = repository.list(page);
            for (StoredSession session : stored.items()) {
                if (datasets.exists(session.settings().datasetId())) {
                    kept++;
                } else {
                    removeOrphan(session);
                }
            }
            if (stored.next() == null) {
                break;
            }
            page = new PageRequest(stored.next(), PageRequest.MAX_LIMIT);
        }
        log.info("{} session(s) open", kept);
    }
}
