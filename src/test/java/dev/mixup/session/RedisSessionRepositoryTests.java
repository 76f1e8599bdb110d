package dev.mixup.session;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.mixup.RetryLaterException;
import dev.mixup.paging.PageRequest;
import dev.mixup.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Redis store against a real Redis server: the repository contract (each repository its own
 * connection, as each replica has), plus what Redis adds: keys that expire by themselves, commands
 * whose answers are lost, a server that is gone.
 */
class RedisSessionRepositoryTests extends SessionRepositoryContract {

    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private static RedisServer server;
    private final List<LettuceConnectionFactory> connections = new ArrayList<>();
    private StringRedisTemplate redis;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(LettuceConnectionFactory::destroy);
    }

    @Override
    SessionRepository openFresh() throws Exception {
        SessionRepository fresh = reopen();
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushAll();
            return null;
        });
        return fresh;
    }

    @Override
    SessionRepository reopen() {
        redis = template();
        return new RedisSessionRepository(redis, JsonMapper.builder().build(), TTL, IDEMPOTENCY_KEY_TTL, COMMAND_TIMEOUT);
    }

    /** A connection configured as the service configures its own. */
    private StringRedisTemplate template() {
        ClientOptions.Builder options = ClientOptions.builder();
        new RedisSessionConfiguration().rejectCommandsWhileDisconnected().customize(options);
        URI url = URI.create(server.url());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()),
                LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT).clientOptions(options.build()).build());
        factory.afterPropertiesSet();
        factory.start();
        connections.add(factory);
        return new StringRedisTemplate(factory);
    }

    @Test
    void keepsSettingsAsJsonAndThePositionAsAnIntegerInOneHashWithTheTtl() {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 3, T0.plusSeconds(1));
        String key = RedisSessionRepository.PREFIX + "session:a";

        assertThat(redis.opsForHash().get(key, "settings")).asString().startsWith("{").contains("\"dataset_id\":\"d1\"");
        assertThat(redis.opsForHash().get(key, "position")).isEqualTo("3");
        assertThat(redis.getExpire(key)).isBetween(TTL.toSeconds() - 60, TTL.toSeconds());
    }

    @Test
    void anExpiredKeyIsGoneForEveryCallAndNothingBringsItBack() {
        repository.create(session("a", "d1", T0), 10);
        String key = RedisSessionRepository.PREFIX + "session:a";
        // as if the TTL had passed since the last use
        redis.delete(key);

        assertThat(repository.find("a")).isEmpty();
        assertThatThrownBy(() -> repository.claim("a", 1, T0)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> repository.seek("a", 5, T0)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> repository.touch("a", T0)).isInstanceOf(SessionNotFoundException.class);
        assertThat(redis.hasKey(key)).isFalse();
        assertThat(repository.list(new PageRequest(null, 10)).items()).isEmpty();
        assertThat(repository.closeDataset("d1", false)).isEmpty();

        // the sweep clears what the expired key left in the indexes, and reports it as expired
        assertThat(repository.expireIdle(T0.plusSeconds(1))).containsExactly("a");
        assertThat(repository.count()).isZero();
        assertThat(redis.keys(RedisSessionRepository.PREFIX + "*")).allMatch(k -> k.contains(":op:") || k.contains(":closed"));
    }

    @Test
    void everyUseRenewsTheKeysExpiry() {
        repository.create(session("a", "d1", T0), 10);
        String key = RedisSessionRepository.PREFIX + "session:a";
        for (Runnable use : List.<Runnable>of(() -> repository.claim("a", 1, T0), () -> repository.seek("a", 7, T0),
                () -> repository.touch("a", T0))) {
            redis.expire(key, Duration.ofSeconds(30));
            use.run();
            assertThat(redis.getExpire(key)).isGreaterThan(TTL.toSeconds() - 60);
        }
    }

    @Test
    void aClaimWithAKeyIsRecordedInRedisForAnotherReplicaUntilItsTtl() {
        repository.create(session("a", "d1", T0), 10);
        IdempotencyKey key = new IdempotencyKey("0f8a2c1e-retry");
        assertThat(repository.claim("a", 3, T0, key)).isZero();
        String record = RedisSessionRepository.PREFIX + "claim:a:" + key.value();
        assertThat(redis.opsForValue().get(record)).isEqualTo("0 3");
        assertThat(redis.getExpire(record, TimeUnit.MILLISECONDS)).isBetween(1L, IDEMPOTENCY_KEY_TTL.toMillis());

        SessionRepository otherReplica = reopen();
        assertThat(otherReplica.claim("a", 3, T0, key)).isZero();
        assertThat(otherReplica.find("a").orElseThrow().position()).isEqualTo(3);
    }

    @Test
    void aClaimSentTwiceOrAfterItWasFencedIsAppliedAtMostOnce() {
        repository.create(session("a", "d1", T0), 10);
        String operation = RedisSessionRepository.PREFIX + "op:test-claim";

        // a claim that arrives twice moves the position once
        assertThat(claim(operation, 4)).isEqualTo("0");
        assertThat(claim(operation, 4)).isEqualTo("0");
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(4);
        // settling an applied claim tells its first step
        assertThat(redis.execute(RedisSessionRepository.FENCE, List.of(operation), "60")).isEqualTo("0");

        // settled before it arrived: it can never be applied
        String late = RedisSessionRepository.PREFIX + "op:late-claim";
        assertThat(redis.execute(RedisSessionRepository.FENCE, List.of(late), "60")).isNull();
        assertThat(claim(late, 1)).isEqualTo("fenced");
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(4);
    }

    @Test
    void aClaimWhoseAnswerIsLateIsSettledAndServedOnceNotTwice() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        // writes wait on the server for 2.5 s: the claim's answer comes after its 1 s timeout, well
        // within the 5 s it is settled for
        server.cli("CLIENT", "PAUSE", "2500", "WRITE");
        long first = repository.claim("a", 1, T0);

        assertThat(first).isZero();
        assertThat(repository.claim("a", 1, T0)).isEqualTo(1);
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(2);
    }

    @Test
    void aClaimUnansweredForLongerThanItIsSettledIsRefusedAndNeverServedTwice() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        // longer than the claim's timeout, 5 more to settle it and its last try: the outcome stays unknown
        server.cli("CLIENT", "PAUSE", "8500", "WRITE");
        assertThatThrownBy(() -> repository.claim("a", 1, T0)).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("may still be applied");

        // it was applied once the server went on: step 0 is skipped, the next claim gets step 1
        assertThat(repository.claim("a", 1, T0)).isEqualTo(1);
    }

    @Test
    void withRedisGoneEveryCallIsRetryLaterAndEverythingIsThereWhenItIsBack() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 3, T0);
        server.stop();
        try {
            // not sent while the connection is down: known not to be applied, nothing to settle
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> repository.claim("a", 1, T0))
                    .isInstanceOf(RetryLaterException.class).hasMessageContaining("; nothing was changed"));
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (Runnable call : List.<Runnable>of(() -> repository.find("a"), () -> repository.claim("a", 1, T0),
                        () -> repository.create(session("b", "d1", T0), 10), () -> repository.delete("a"),
                        () -> repository.list(new PageRequest(null, 10)), repository::count,
                        () -> repository.closeDataset("d1", true), () -> repository.seek("a", 0, T0))) {
                    calls.add(callers.submit(() -> assertThatThrownBy(call::run).isInstanceOf(RetryLaterException.class)));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } finally {
                callers.shutdownNow();
            }
        } finally {
            server.restart();
        }
        // Redis saved its data when stopped; the connection comes back by itself
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> repository.find("a").isPresent());
        assertThat(repository.claim("a", 1, T0)).isEqualTo(3);
        assertThat(repository.find("b")).isEmpty();
        assertThat(repository.count()).isEqualTo(1);
    }

    private String claim(String operation, int count) {
        return redis.execute(RedisSessionRepository.CLAIM, List.of(RedisSessionRepository.PREFIX + "session:a",
                RedisSessionRepository.PREFIX + "sessions:last-used", operation), Integer.toString(count), "0", "3600000", "a", "60");
    }
}
