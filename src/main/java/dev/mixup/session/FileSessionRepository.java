package dev.mixup.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import dev.mixup.MixupProperties;
import dev.mixup.RetryLaterException;
import dev.mixup.dataset.DataDirectory;
import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.dataset.DiskSpace;
import dev.mixup.dataset.InsufficientStorageException;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each session as {@code sessions/<id>.json}, replaced atomically (written under {@code tmp/},
 * then renamed), so a crash leaves the old or the new state, never a torn file. Each session has a
 * lock: a change is written while it is held, and the copy in memory follows only once the file is
 * in place, so a failed write leaves both as they were. A removed session is marked under the same
 * lock, so a change that waited for it finds the session gone instead of writing it back.
 *
 * <p>Claims made under an {@link IdempotencyKey} are remembered in memory only: one process serves
 * these sessions, and a retry that outlives its restart claims new steps.
 */
@Component
@ConditionalOnProperty(name = "mixup.sessions.store", havingValue = "file", matchIfMissing = true)
class FileSessionRepository implements SessionRepository {

    private static final Logger log = LoggerFactory.getLogger(FileSessionRepository.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final DataDirectory directory;
    private final JsonMapper json;
    private final Duration idempotencyKeyTtl;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Held while a session is added or a dataset closed, so that what they check cannot change meanwhile. */
    private final Object creation = new Object();
    /** Datasets closed to new sessions; kept for the life of the process, as a deleted dataset's id is never reused. */
    private final Set<String> closedDatasets = ConcurrentHashMap.newKeySet();

    FileSessionRepository(DataDirectory directory, JsonMapper json, MixupProperties properties) {
        this.directory = directory;
        this.json = json;
        this.idempotencyKeyTtl = properties.sessions().idempotencyKeyTtl();
        load();
    }

    @Override
    public void create(StoredSession session, int maxSessions) {
        synchronized (creation) {
            if (closedDatasets.contains(session.settings().datasetId())) {
                throw new DatasetNotFoundException(session.settings().datasetId());
            }
            if (entries.size() >= maxSessions) {
                throw new SessionLimitException(maxSessions);
            }
            write(session);
            entries.put(session.id(), new Entry(session));
        }
    }

    @Override
    public Optional<StoredSession> find(String id) {
        Entry entry = entries.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.live());
    }

    @Override
    public Page<StoredSession> list(PageRequest page) {
        return page.select(live(), StoredSession::pageKey);
    }

    @Override
    public List<String> closeDataset(String datasetId, boolean force) {
        synchronized (creation) {
            List<String> users = live().filter(s -> s.settings().datasetId().equals(datasetId)).map(StoredSession::id).toList();
            if (!users.isEmpty() && !force) {
                throw new DatasetInUseException(datasetId, users.size());
            }
            closedDatasets.add(datasetId);
            return users;
        }
    }

    @Override
    public void reopenDataset(String datasetId) {
        closedDatasets.remove(datasetId);
    }

    @Override
    public long count() {
        return entries.size();
    }

    @Override
    public boolean delete(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.removed) {
                return false;
            }
            remove(entry);
            return true;
        }
    }

    @Override
    public long claim(String id, int count, Instant now, IdempotencyKey key) {
        Entry entry = existing(id);
        synchronized (entry) {
            StoredSession current = entry.current(id);
            entry.forgetClaimsBefore(now.minus(idempotencyKeyTtl));
            KeyedClaim earlier = key == null ? null : entry.keyedClaims.get(key);
            if (earlier != null) {
                if (earlier.count() != count) {
                    throw new IdempotencyKeyReusedException(id, key, earlier.count(), count);
                }
                return earlier.first();
            }
            entry.state = write(current.claimed(count, now));
            if (key != null) {
                entry.keyedClaims.put(key, new KeyedClaim(current.position(), count, now));
            }
            return current.position();
        }
    }

    @Override
    public void seek(String id, long step, Instant now) {
        Entry entry = existing(id);
        synchronized (entry) {
            entry.state = write(entry.current(id).movedTo(step, now));
        }
    }

    @Override
    public void touch(String id, Instant now) {
        Entry entry = existing(id);
        synchronized (entry) {
            StoredSession current = entry.current(id);
            if (now.isAfter(current.lastUsedAt())) {
                entry.state = write(current.touched(now));
            }
        }
    }

    @Override
    public List<String> expireIdle(Instant cutoff) {
        List<String> expired = new ArrayList<>();
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                if (!entry.removed && entry.state.lastUsedAt().isBefore(cutoff)) {
                    try {
                        remove(entry);
                        expired.add(entry.state.id());
                    } catch (RuntimeException e) {
                        log.warn("cannot remove idle session {}: {}", entry.state.id(), e.getMessage());
                    }
                }
            }
        }
        return expired;
    }

    /** Caller holds the entry's lock. */
    private void remove(Entry entry) {
        String id = entry.state.id();
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new RetryLaterException("session " + id + " could not be deleted: " + e.getMessage(), RETRY_AFTER, e);
        }
        entry.removed = true;
        entries.remove(id, entry);
    }

    private Entry existing(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new SessionNotFoundException(id);
        }
        return entry;
    }

    private Stream<StoredSession> live() {
        return entries.values().stream().map(Entry::live).filter(s -> s != null);
    }

    /** Writes {@code session} to its file, atomically; on failure nothing of it stays behind. */
    private StoredSession write(StoredSession session) {
        Path temporary = directory.newTemporary("session");
        byte[] bytes = json.writeValueAsBytes(session);
        try {
            Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, file(session.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return session;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (DiskSpace.isFull(e)) {
                throw new InsufficientStorageException("no room in the data directory to save session " + session.id()
                        + "; nothing was changed", e);
            }
            throw new RetryLaterException("session " + session.id() + " could not be saved (" + e.getMessage()
                    + "); nothing was changed", RETRY_AFTER, e);
        }
    }

    private Path file(String id) {
        return directory.sessions().resolve(id + ".json");
    }

    private void load() {
        try (Stream<Path> files = Files.list(directory.sessions())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    StoredSession session = json.readValue(file.toFile(), StoredSession.class);
                    entries.put(session.id(), new Entry(session));
                } catch (JacksonException e) {
                    log.error("skipping unreadable session file {}: {}", file, e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list sessions in " + directory.sessions(), e);
        }
    }

    private record KeyedClaim(long first, int count, Instant claimedAt) {
    }

    /** One session's state; changed only under the entry's own lock. */
    private static final class Entry {

        private volatile StoredSession state;
        private volatile boolean removed;
        /** In the order they were claimed, so the expired ones are at the head. */
        private final Map<IdempotencyKey, KeyedClaim> keyedClaims = new LinkedHashMap<>();

        Entry(StoredSession state) {
            this.state = state;
        }

        StoredSession live() {
            return removed ? null : state;
        }

        /** Caller holds the lock. */
        void forgetClaimsBefore(Instant cutoff) {
            Iterator<KeyedClaim> oldestFirst = keyedClaims.values().iterator();
            while (oldestFirst.hasNext() && oldestFirst.next().claimedAt().isBefore(cutoff)) {
                oldestFirst.remove();
            }
        }

        /** Caller holds the lock. */
        StoredSession current(String id) {
            if (removed) {
                throw new SessionNotFoundException(id);
            }
            return state;
        }
    }
}
