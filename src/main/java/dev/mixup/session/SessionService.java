package dev.mixup.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.mixup.MixupProperties;
import dev.mixup.dataset.Dataset;
import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.dataset.DatasetService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Opens sessions and hands out their batches. {@code next} and {@code stream} move the position
 * (persisted before the batch is produced, so a restart never serves a step twice);
 * {@code batch(step)} reads any step without moving it.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final DatasetService datasets;
    private final SessionStore store;
    private final Prefetcher prefetcher;
    private final BatchLimits limits;
    private final int maxStreamBatches;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom seeds = new SecureRandom();
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    public SessionService(DatasetService datasets, SessionStore store, Prefetcher prefetcher, MixupProperties properties,
                          Clock clock) {
        this.datasets = datasets;
        this.store = store;
        this.prefetcher = prefetcher;
        this.limits = new BatchLimits(properties.maxBatchSize(), properties.maxBatchBytes().toBytes());
        this.maxStreamBatches = properties.maxStreamBatches();
        this.ttl = properties.sessionTtl();
        this.clock = clock;
        restore();
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
        SessionSettings settings;
        BatchRecipe recipe;
        try {
            // drawn seeds stay below 2^31 so that every client (JavaScript too) can echo them back exactly
            settings = request.resolve(seeds.nextInt(Integer.MAX_VALUE));
            recipe = BatchRecipe.of(settings, dataset, () -> datasets.featureStatistics(dataset), limits);
        } catch (IllegalArgumentException e) {
            throw new InvalidSessionException(e.getMessage());
        }
        Instant now = clock.instant();
        Session session = new Session(UUID.randomUUID().toString(), SessionSpec.of(settings), now, recipe, 0, now);
        store.save(session.stored());
        sessions.put(session.id(), session);
        prefetcher.prefetch(session, 0);
        return view(session);
    }

    public SessionView get(String id) {
        return view(find(id));
    }

    public List<SessionView> list() {
        return sessions.values().stream()
                .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id))
                .map(this::view)
                .toList();
    }

    public void delete(String id) {
        Session session = sessions.remove(id);
        if (session == null) {
            throw new SessionNotFoundException(id);
        }
        prefetcher.forget(id);
        store.delete(id);
    }

    /** The batch at the position; the position moves on by one. */
    public Batch next(String id) {
        Session session = find(id);
        long step = claim(session, 1);
        Batch batch = prefetcher.take(session, step);
        prefetcher.prefetch(session, step + 1);
        return batch;
    }

    /** Claims {@code count} steps for a streamed response; returns the first. */
    public StreamClaim claimStream(String id, int count) {
        if (count < 1 || count > maxStreamBatches) {
            throw new InvalidSessionException("batches must be in [1, " + maxStreamBatches + "], got " + count);
        }
        Session session = find(id);
        return new StreamClaim(session.id(), claim(session, count), count);
    }

    /** Batch {@code index} of a claimed stream. */
    public Batch streamed(StreamClaim claim, int index) {
        Session session = find(claim.sessionId());
        long step = claim.firstStep() + index;
        Batch batch = prefetcher.take(session, step);
        prefetcher.prefetch(session, step + 1);
        return batch;
    }

    /**
     * Moves the cursor to {@code step}: a trainer resuming from its own checkpoint. The new position
     * is saved before it is answered, like every move of the cursor.
     */
    public SessionView seek(String id, long step) {
        if (step < 0) {
            throw new InvalidSessionException("step must be >= 0, got " + step);
        }
        Session session = find(id);
        synchronized (session) {
            session.moveTo(step);
            session.touch(clock.instant());
            store.save(session.stored());
        }
        prefetcher.prefetch(session, step);
        return view(session);
    }

    /** Any step, position unchanged: the retry path of a trainer resuming from its own checkpoint. */
    public Batch batch(String id, long step) {
        if (step < 0) {
            throw new InvalidSessionException("step must be >= 0, got " + step);
        }
        Session session = find(id);
        session.touch(clock.instant());
        return prefetcher.peek(session, step);
    }

    public long countUsing(String datasetId) {
        return sessions.values().stream().filter(s -> s.settings().datasetId().equals(datasetId)).count();
    }

    public void deleteUsing(String datasetId) {
        sessions.values().stream().filter(s -> s.settings().datasetId().equals(datasetId)).map(Session::id).toList()
                .forEach(this::delete);
    }

    public int count() {
        return sessions.size();
    }

    @Scheduled(fixedDelayString = "${mixup.session-sweep-interval:60s}")
    void removeIdleSessions() {
        Instant cutoff = clock.instant().minus(ttl);
        for (Session session : List.copyOf(sessions.values())) {
            if (session.lastUsedAt().isBefore(cutoff)) {
                log.info("removing session {}: idle since {}", session.id(), session.lastUsedAt());
                delete(session.id());
            }
        }
    }

    private long claim(Session session, int count) {
        synchronized (session) {
            long first = session.claim(count);
            session.touch(clock.instant());
            store.save(session.stored());
            return first;
        }
    }

    private Session find(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            throw new SessionNotFoundException(id);
        }
        return session;
    }

    private SessionView view(Session session) {
        long position = session.position();
        BatchRecipe recipe = session.recipe();
        return new SessionView(session.id(), session.settings(), datasets.get(session.settings().datasetId()).manifest().samples(),
                recipe.stepsPerEpoch(), new SessionView.Position(position, recipe.epochOf(position)),
                session.createdAt(), session.lastUsedAt());
    }

    private void restore() {
        for (StoredSession stored : store.loadAll()) {
            try {
                Dataset dataset = datasets.get(stored.settings().datasetId());
                BatchRecipe recipe = BatchRecipe.of(stored.settings().resolve(), dataset, () -> datasets.featureStatistics(dataset),
                        limits);
                sessions.put(stored.id(), new Session(stored.id(), stored.settings(), stored.createdAt(), recipe,
                        stored.position(), stored.lastUsedAt()));
            } catch (RuntimeException e) {
                log.error("cannot restore session {}: {}", stored.id(), e.getMessage());
            }
        }
        log.info("{} session(s) restored", sessions.size());
    }

    public record StreamClaim(String sessionId, long firstStep, int count) {
    }
}
