package dev.mixup.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.mixup.RetryLaterException;
import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageKey;
import dev.mixup.paging.PageRequest;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps sessions in Redis, shared by every replica. A session is the hash {@code mixup:session:<id>}
 * (settings as JSON, position, creation and last use in epoch milliseconds) whose key expires
 * {@code mixup.session-ttl} after its last use; indexes beside it list the sessions in creation order
 * ({@code mixup:sessions}), by last use ({@code mixup:sessions:last-used}), and per dataset. Every change
 * is one Lua script, so it is atomic on the server, and none of them writes a session whose key is gone.
 *
 * <p>A command whose answer does not arrive may still have been applied. The writes that are not
 * idempotent (create, claim) therefore carry an operation id: the script records it and applies
 * nothing when the record exists, and when its answer is lost {@link #settle} asks Redis for that
 * record, fencing the operation off for good if there is none, in whatever order the two arrive.
 * The caller then learns the truth: applied (served as if the answer had come), or never to be
 * applied ({@link RetryLaterException}: the position did not move).
 *
 * <p>A claim made under an {@link IdempotencyKey} is also recorded as {@code mixup:claim:<id>:<key>}
 * (first step and count), which expires by itself after {@code mixup.sessions.idempotency-key-ttl}.
 */
class RedisSessionRepository implements SessionRepository {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionRepository.class);

    static final String PREFIX = "mixup:";
    private static final String LISTING = PREFIX + "sessions";
    private static final String LAST_USED = PREFIX + "sessions:last-used";
    private static final String ENTRIES = PREFIX + "sessions:entries";
    /** How long an operation record outlives its command: far longer than {@link #settle} asks for it. */
    private static final Duration OPERATION_RECORD_TTL = Duration.ofSeconds(60);
    /** A closed dataset stays closed at least while its deletion runs; after it, opening a session fails anyway. */
    private static final Duration CLOSED_DATASET_TTL = Duration.ofHours(1);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration SETTLE_PAUSE = Duration.ofMillis(100);
    private static final int EXPIRY_BATCH = 100;
    /** How Lettuce (DefaultEndpoint) fails a command it did not send because the connection is down. */
    private static final String REJECTED_WHILE_DISCONNECTED = "Currently not connected";

    private static final RedisScript<String> CREATE = script("create", String.class);
    static final RedisScript<String> CLAIM = script("claim", String.class);
    private static final RedisScript<Long> TOUCH = script("touch", Long.class);
    static final RedisScript<String> FENCE = script("fence", String.class);
    private static final RedisScript<Long> REMOVE = script("remove", Long.class);
    private static final RedisScript<List> CLOSE = script("close", List.class);
    private static final RedisScript<List> PAGE = script("page", List.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final String ttlMillis;
    private final String idempotencyKeyTtlMillis;
    private final Duration settleTimeout;

    /**
     * @param commandTimeout how long one Redis command may take ({@code spring.data.redis.timeout}); an
     *                       operation whose answer was lost is settled within five of them
     */
    RedisSessionRepository(StringRedisTemplate redis, JsonMapper json, Duration ttl, Duration idempotencyKeyTtl,
                           Duration commandTimeout) {
        this.redis = redis;
        this.json = json;
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.idempotencyKeyTtlMillis = Long.toString(idempotencyKeyTtl.toMillis());
        this.settleTimeout = commandTimeout.multipliedBy(5);
    }

    @Override
    public void create(StoredSession session, int maxSessions) {
        String id = session.id();
        String dataset = session.settings().datasetId();
        String operation = operationKey(id);
        String created = millis(session.createdAt());
        String outcome = write("session " + id + " could not be stored", operation, () -> redis.execute(CREATE,
                List.of(sessionKey(id), LISTING, LAST_USED, ENTRIES, datasetSessionsKey(dataset), closedKey(dataset), operation),
                id, json.writeValueAsString(session.settings()), Long.toString(session.position()), created,
                millis(session.lastUsedAt()), dataset, listingMember(session.createdAt(), id), Integer.toString(maxSessions),
                ttlMillis, seconds(OPERATION_RECORD_TTL)));
        switch (outcome) {
            case "created" -> { }
            case "closed" -> throw new DatasetNotFoundException(dataset);
            case "limit" -> throw new SessionLimitException(maxSessions);
            default -> throw new IllegalStateException("unexpected answer from create.lua: " + outcome);
        }
    }

    @Override
    public Optional<StoredSession> find(String id) {
        List<Object> fields = call("session " + id + " could not be read",
                () -> redis.opsForHash().multiGet(sessionKey(id), List.<Object>of("settings", "position", "created_at", "last_used_at")));
        if (fields.getFirst() == null) {
            return Optional.empty();
        }
        return Optional.of(session(id, fields.get(0), fields.get(1), fields.get(2), fields.get(3)));
    }

    @Override
    public Page<StoredSession> list(PageRequest page) {
        String from = lowerBound(page.after());
        if (from == null) {
            return new Page<>(List.of(), null);
        }
        List<?> flat = call("sessions could not be listed",
                () -> redis.execute(PAGE, List.of(LISTING), PREFIX, from, Integer.toString(page.limit() + 1)));
        List<StoredSession> sessions = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 5) {
            sessions.add(session((String) flat.get(i), flat.get(i + 1), flat.get(i + 2), flat.get(i + 3), flat.get(i + 4)));
        }
        if (sessions.size() <= page.limit()) {
            return new Page<>(sessions, null);
        }
        List<StoredSession> shown = sessions.subList(0, page.limit());
        return new Page<>(List.copyOf(shown), shown.getLast().pageKey());
    }

    @Override
    public List<String> closeDataset(String datasetId, boolean force) {
        List<?> answer = call("dataset " + datasetId + " could not be closed to new sessions",
                () -> redis.execute(CLOSE, List.of(datasetSessionsKey(datasetId), closedKey(datasetId)),
                        PREFIX, force ? "1" : "0", seconds(CLOSED_DATASET_TTL)));
        if (answer.getFirst().equals("in-use")) {
            throw new DatasetInUseException(datasetId, Long.parseLong((String) answer.get(1)));
        }
        return answer.subList(1, answer.size()).stream().map(String.class::cast).toList();
    }

    @Override
    public void reopenDataset(String datasetId) {
        call("dataset " + datasetId + " could not be opened to new sessions again", () -> redis.delete(closedKey(datasetId)));
    }

    @Override
    public long count() {
        Long count = call("sessions could not be counted", () -> redis.opsForZSet().zCard(LISTING));
        return count == null ? 0 : count;
    }

    @Override
    public boolean delete(String id) {
        // deleting twice is harmless, so a lost answer needs no settling: the retry finds it gone (404)
        Long removed = call("session " + id + " may not have been deleted", () -> remove(id, ""));
        return removed == 1;
    }

    @Override
    public long claim(String id, int count, Instant now, IdempotencyKey key) {
        String operation = operationKey(UUID.randomUUID().toString());
        List<String> keys = key == null ? List.of(sessionKey(id), LAST_USED, operation)
                : List.of(sessionKey(id), LAST_USED, operation, PREFIX + "claim:" + id + ":" + key.value());
        String outcome = write("no step of session " + id + " was claimed", operation, () -> redis.execute(CLAIM, keys,
                Integer.toString(count), millis(now), ttlMillis, id, seconds(OPERATION_RECORD_TTL), idempotencyKeyTtlMillis));
        if (outcome.startsWith("reused ")) {
            throw new IdempotencyKeyReusedException(id, key, Long.parseLong(outcome.substring("reused ".length())), count);
        }
        return switch (outcome) {
            case "gone" -> throw new SessionNotFoundException(id);
            case "overflow" -> throw new InvalidSessionException("the position of session " + id + " cannot move on by " + count);
            default -> Long.parseLong(outcome);
        };
    }

    @Override
    public void seek(String id, long step, Instant now) {
        use(id, now, Long.toString(step));
    }

    @Override
    public void touch(String id, Instant now) {
        use(id, now, "");
    }

    @Override
    public List<String> expireIdle(Instant cutoff) {
        String before = millis(cutoff);
        List<String> expired = new ArrayList<>();
        while (true) {
            var idle = call("idle sessions could not be looked for",
                    () -> redis.opsForZSet().rangeByScore(LAST_USED, Double.NEGATIVE_INFINITY, Math.nextDown(Double.parseDouble(before)), 0, EXPIRY_BATCH));
            for (String id : idle) {
                // the script checks the last use again: the session may have been used meanwhile
                if (call("idle session " + id + " could not be removed", () -> remove(id, before)) >= 0) {
                    expired.add(id);
                }
            }
            if (idle.size() < EXPIRY_BATCH) {
                return expired;
            }
        }
    }

    private void use(String id, Instant now, String position) {
        // idempotent, so a lost answer needs no settling: the retry does the same again
        Long found = call("session " + id + " was not changed", () -> redis.execute(TOUCH,
                List.of(sessionKey(id), LAST_USED), millis(now), ttlMillis, id, position));
        if (found == 0) {
            throw new SessionNotFoundException(id);
        }
    }

    private Long remove(String id, String cutoff) {
        return redis.execute(REMOVE, List.of(LISTING, LAST_USED, ENTRIES), PREFIX, id, cutoff);
    }

    /**
     * Runs a write that is not idempotent and answers with its outcome. When its answer is lost, the
     * operation is settled: the outcome it had, or {@link RetryLaterException} when it was not applied
     * and now never will be.
     */
    private String write(String failure, String operation, Supplier<String> command) {
        try {
            return command.get();
        } catch (DataAccessException e) {
            if (neverSent(e)) {
                throw unavailable(failure + "; nothing was changed", e);
            }
            return settle(failure, operation, e);
        }
    }

    /**
     * Whether Lettuce refused the command before writing it: there was no connection to send it on
     * (connecting failed, or the connection is down and commands are rejected meanwhile, see
     * {@link RedisSessionConfiguration}), so Redis can never apply it.
     */
    static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisConnectionException
                    || cause instanceof RedisException && cause.getMessage() != null && cause.getMessage().startsWith(REJECTED_WHILE_DISCONNECTED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks Redis, for up to {@link #settleTimeout}, whether the operation with record {@code operation} was
     * applied, and fences it off if it was not. Only when Redis does not answer for that long is the
     * outcome unknown: then the operation may still be applied (its steps are never served) or not.
     */
    private String settle(String failure, String operation, DataAccessException cause) {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        DataAccessException last = cause;
        while (System.nanoTime() - deadline < 0) {
            try {
                String record = redis.execute(FENCE, List.of(operation), seconds(OPERATION_RECORD_TTL));
                if (record == null || record.equals("fenced")) {
                    throw unavailable(failure + "; nothing was changed", cause);
                }
                log.info("{} was applied though its answer was lost ({})", operation, cause.getMessage());
                return record;
            } catch (DataAccessException e) {
                last = e;
            }
            try {
                Thread.sleep(SETTLE_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.warn("the outcome of {} is unknown after {}: Redis did not answer ({}); if it was applied, it was not served",
                operation, settleTimeout, last.getMessage());
        throw unavailable(failure + "; Redis did not answer for " + settleTimeout.toSeconds()
                + " s, so the change may still be applied (steps claimed so are served only to a retry with the call's"
                + " Idempotency-Key, never twice)", last);
    }

    /** A read or an idempotent change: a failure is answered with {@link RetryLaterException}, nothing more to settle. */
    private <T> T call(String failure, Supplier<T> command) {
        try {
            return command.get();
        } catch (DataAccessException e) {
            throw unavailable(failure, e);
        }
    }

    private static RetryLaterException unavailable(String failure, DataAccessException cause) {
        return new RetryLaterException(failure + ": the session store (Redis) is unreachable or did not answer in time ("
                + cause.getMessage() + ")", RETRY_AFTER, cause);
    }

    private StoredSession session(String id, Object settings, Object position, Object createdAt, Object lastUsedAt) {
        return new StoredSession(id, json.readValue((String) settings, SessionSpec.class), Long.parseLong((String) position),
                Instant.ofEpochMilli(Long.parseLong((String) createdAt)), Instant.ofEpochMilli(Long.parseLong((String) lastUsedAt)));
    }

    /**
     * Where a page after {@code after} starts in the listing, whose members are
     * {@code <creation time in ms, 20 digits> <id>}, so that their byte order is the {@link PageKey} order;
     * {@code null} when no session can come after it.
     */
    private static String lowerBound(PageKey after) {
        if (after == null || after.createdAt().isBefore(Instant.EPOCH)) {
            return "-";
        }
        long millis;
        try {
            millis = after.createdAt().toEpochMilli();
        } catch (ArithmeticException e) {
            return null;
        }
        if (after.createdAt().getNano() % 1_000_000 != 0) {
            // between two milliseconds: after every session of the earlier one ('!' sorts after ' ')
            return "(" + String.format("%020d", millis) + "!";
        }
        return "(" + listingMember(after.createdAt(), after.id());
    }

    private static String listingMember(Instant createdAt, String id) {
        return String.format("%020d", Math.max(0, createdAt.toEpochMilli())) + " " + id;
    }

    private static String sessionKey(String id) {
        return PREFIX + "session:" + id;
    }

    private static String datasetSessionsKey(String datasetId) {
        return PREFIX + "dataset:" + datasetId + ":sessions";
    }

    private static String closedKey(String datasetId) {
        return PREFIX + "dataset:" + datasetId + ":closed";
    }

    private static String operationKey(String operationId) {
        return PREFIX + "op:" + operationId;
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }

    private static <T> RedisScript<T> script(String name, Class<T> resultType) {
        String source = text("use") + "\n" + text(name);
        return RedisScript.of(source, resultType);
    }

    private static String text(String script) {
        try {
            return new ClassPathResource("dev/mixup/session/redis/" + script + ".lua").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
