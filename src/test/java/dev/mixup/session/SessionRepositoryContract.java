package dev.mixup.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import dev.mixup.dataset.DatasetNotFoundException;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageKey;
import dev.mixup.paging.PageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SessionRepository} must do, whatever keeps the sessions. An implementation's
 * test extends this class and says how to open a repository on fresh storage and how to open
 * another one on the same storage (a restart, or a second replica).
 */
abstract class SessionRepositoryContract {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** {@code mixup.sessions.idempotency-key-ttl} of the repositories under test. */
    static final Duration IDEMPOTENCY_KEY_TTL = Duration.ofSeconds(1);
    private static final IdempotencyKey K1 = new IdempotencyKey("k1");
    private static final IdempotencyKey K2 = new IdempotencyKey("k2");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<ExecutorService> pools = new ArrayList<>();
    SessionRepository repository;

    /** A repository on fresh, empty storage. */
    abstract SessionRepository openFresh() throws Exception;

    /** Another repository on the storage of the last {@link #openFresh()}. */
    abstract SessionRepository reopen() throws Exception;

    @BeforeEach
    void openRepository() throws Exception {
        repository = openFresh();
    }

    @AfterEach
    void stopThreads() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    static StoredSession session(String id, String datasetId, Instant createdAt) {
        SessionSpec settings = JSON.readValue("{\"dataset_id\":\"" + datasetId + "\",\"batch_size\":2,\"seed\":7}", SessionSpec.class);
        return new StoredSession(id, settings, 0, createdAt, createdAt);
    }

    @Test
    void aCreatedSessionIsFoundAsItWasStored() {
        StoredSession stored = session("a", "d1", T0);
        repository.create(stored, 10);
        assertThat(repository.find("a")).contains(stored);
        assertThat(repository.count()).isEqualTo(1);
    }

    @Test
    void anUnknownSessionIsNotFoundByAnyCall() {
        assertThat(repository.find("nope")).isEmpty();
        assertThat(repository.delete("nope")).isFalse();
        assertThatThrownBy(() -> repository.claim("nope", 1, T0)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> repository.seek("nope", 3, T0)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> repository.touch("nope", T0)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void aClaimReturnsItsFirstStepAndMovesThePositionPastIt() {
        repository.create(session("a", "d1", T0), 10);
        assertThat(repository.claim("a", 1, T0.plusSeconds(1))).isZero();
        assertThat(repository.claim("a", 3, T0.plusSeconds(2))).isEqualTo(1);
        assertThat(repository.claim("a", 1, T0.plusSeconds(3))).isEqualTo(4);
        StoredSession now = repository.find("a").orElseThrow();
        assertThat(now.position()).isEqualTo(5);
        assertThat(now.lastUsedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(now.createdAt()).isEqualTo(T0);
    }

    @Test
    void concurrentClaimsGetEveryStepExactlyOnce() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        ExecutorService callers = pool(8);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int count = 1 + i % 3;
            calls.add(callers.submit(() -> {
                long first = repository.claim("a", count, T0);
                for (long step = first; step < first + count; step++) {
                    claimed.add(step);
                }
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        List<Long> steps = new ArrayList<>(claimed);
        Collections.sort(steps);
        assertThat(steps).containsExactlyElementsOf(LongStream.range(0, steps.size()).boxed().toList());
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(steps.size());
    }

    @Test
    void aClaimSentAgainWithItsKeyGetsTheSameStepsAndMovesNothing() {
        repository.create(session("a", "d1", T0), 10);
        repository.create(session("b", "d1", T0), 10);
        assertThat(repository.claim("a", 2, T0, K1)).isZero();
        assertThat(repository.claim("a", 1, T0)).isEqualTo(2);
        assertThat(repository.claim("a", 2, T0.plusMillis(10), K1)).isZero();
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(3);
        assertThat(repository.claim("a", 2, T0.plusMillis(20), K2)).isEqualTo(3);
        assertThat(repository.claim("b", 2, T0.plusMillis(30), K1)).as("a key names a call to one session").isZero();
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(5);
    }

    @Test
    void aKeySentAgainWithAnotherCountIsRefusedAndMovesNothing() {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 2, T0, K1);
        assertThatThrownBy(() -> repository.claim("a", 3, T0, K1)).isInstanceOf(IdempotencyKeyReusedException.class)
                .hasMessageContaining("already claimed 2");
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(2);
    }

    @Test
    void concurrentCallsWithOneKeyClaimOnce() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        ExecutorService callers = pool(8);
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(callers.submit(() -> repository.claim("a", 2, T0, K1)));
        }
        for (Future<Long> call : calls) {
            assertThat(call.get()).isZero();
        }
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(2);
    }

    @Test
    void aKeyIsForgottenAfterItsTtl() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 2, T0, K1);
        Thread.sleep(IDEMPOTENCY_KEY_TTL.toMillis() + 200);
        assertThat(repository.claim("a", 2, T0.plus(IDEMPOTENCY_KEY_TTL).plusMillis(200), K1)).isEqualTo(2);
    }

    @Test
    void seekMovesWhereTheNextClaimStarts() {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 4, T0);
        repository.seek("a", 42, T0.plusSeconds(5));
        assertThat(repository.find("a").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(repository.claim("a", 1, T0)).isEqualTo(42);
        repository.seek("a", 1, T0);
        assertThat(repository.claim("a", 1, T0)).isEqualTo(1);
    }

    @Test
    void touchRecordsTheLastUseAndLeavesThePosition() {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 2, T0);
        repository.touch("a", T0.plusSeconds(9));
        StoredSession touched = repository.find("a").orElseThrow();
        assertThat(touched.lastUsedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(touched.position()).isEqualTo(2);
    }

    @Test
    void positionsAndRemovalsOutliveTheRepository() throws Exception {
        repository.create(session("kept", "d1", T0), 10);
        repository.create(session("deleted", "d1", T0), 10);
        repository.claim("kept", 3, T0.plusSeconds(1));
        assertThat(repository.delete("deleted")).isTrue();

        SessionRepository reopened = reopen();
        assertThat(reopened.find("kept").orElseThrow().position()).isEqualTo(3);
        assertThat(reopened.find("deleted")).isEmpty();
        assertThat(reopened.claim("kept", 1, T0)).isEqualTo(3);
    }

    @Test
    void aDeletedSessionNeverComesBackWhateverRacedItsDeletion() throws Exception {
        ExecutorService racers = pool(4);
        for (int i = 0; i < 50; i++) {
            String id = "s" + i;
            repository.create(session(id, "d1", T0), 1000);
            CountDownLatch claiming = new CountDownLatch(4);
            List<Future<?>> claims = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                claims.add(racers.submit(() -> {
                    claiming.countDown();
                    try {
                        while (true) {
                            repository.claim(id, 1, T0);
                            repository.touch(id, Instant.now());
                        }
                    } catch (SessionNotFoundException deleted) {
                        return null;
                    }
                }));
            }
            claiming.await();
            assertThat(repository.delete(id)).isTrue();
            for (Future<?> claim : claims) {
                claim.get();
            }
            assertThat(repository.find(id)).isEmpty();
        }
        assertThat(repository.count()).isZero();
        assertThat(repository.list(new PageRequest(null, 100)).items()).isEmpty();
        SessionRepository reopened = reopen();
        assertThat(reopened.count()).isZero();
        assertThat(reopened.find("s0")).isEmpty();
    }

    @Test
    void theLimitRefusesOneSessionTooManyEvenWhenCreatedAtOnce() throws Exception {
        ExecutorService creators = pool(8);
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> creations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "s" + i;
            creations.add(creators.submit(() -> {
                try {
                    repository.create(session(id, "d1", T0), 5);
                } catch (SessionLimitException e) {
                    refused.incrementAndGet();
                }
            }));
        }
        for (Future<?> creation : creations) {
            creation.get();
        }
        assertThat(refused.get()).isEqualTo(15);
        assertThat(repository.count()).isEqualTo(5);

        String some = repository.list(new PageRequest(null, 1)).items().getFirst().id();
        repository.delete(some);
        repository.create(session("after", "d1", T0), 5);
        assertThatThrownBy(() -> repository.create(session("more", "d1", T0), 5)).isInstanceOf(SessionLimitException.class);
    }

    @Test
    void listingPagesThroughEverySessionOnceInCreationOrder() {
        List<StoredSession> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // pairs share a creation time: the id decides their order
            StoredSession session = session("id-" + (char) ('g' - i), "d1", T0.plusMillis(i / 2));
            repository.create(session, 100);
            created.add(session);
        }
        created.sort((a, b) -> a.pageKey().compareTo(b.pageKey()));

        List<StoredSession> listed = new ArrayList<>();
        PageKey after = null;
        int pages = 0;
        do {
            Page<StoredSession> page = repository.list(new PageRequest(after, 3));
            listed.addAll(page.items());
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void aPageTokenStaysValidWhenItsSessionIsGone() {
        for (int i = 0; i < 4; i++) {
            repository.create(session("s" + i, "d1", T0.plusMillis(i)), 100);
        }
        Page<StoredSession> first = repository.list(new PageRequest(null, 2));
        repository.delete(first.items().getLast().id());
        Page<StoredSession> second = repository.list(new PageRequest(first.next(), 2));
        assertThat(second.items()).extracting(StoredSession::id).containsExactly("s2", "s3");
        assertThat(second.next()).isNull();
    }

    @Test
    void aDatasetReadBySessionsIsNotClosedWithoutForce() {
        repository.create(session("a", "d1", T0), 10);
        repository.create(session("b", "d2", T0), 10);
        repository.create(session("c", "d1", T0), 10);

        assertThatThrownBy(() -> repository.closeDataset("d1", false)).isInstanceOf(DatasetInUseException.class)
                .hasMessageContaining("used by 2 session(s)");
        // refused, so nothing was closed
        repository.create(session("d", "d1", T0), 10);
        assertThat(repository.closeDataset("d3", false)).isEmpty();
    }

    @Test
    void closingADatasetWithForceNamesItsSessionsAndRefusesNewOnesUntilReopened() {
        repository.create(session("a", "d1", T0), 10);
        repository.create(session("b", "d2", T0), 10);
        repository.create(session("c", "d1", T0), 10);
        repository.create(session("gone", "d1", T0), 10);
        repository.delete("gone");

        assertThat(repository.closeDataset("d1", true)).containsExactlyInAnyOrder("a", "c");
        assertThatThrownBy(() -> repository.create(session("late", "d1", T0), 10)).isInstanceOf(DatasetNotFoundException.class);
        assertThat(repository.find("late")).isEmpty();
        repository.create(session("other", "d2", T0), 10);

        repository.reopenDataset("d1");
        repository.create(session("again", "d1", T0), 10);
        assertThat(repository.find("again")).isPresent();
    }

    @Test
    void aDatasetClosedWhileSessionsAreOpenedOnItEndsWithNoSessionOnIt() throws Exception {
        ExecutorService openers = pool(8);
        List<Future<?>> openings = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        for (int i = 0; i < 200; i++) {
            String id = "s" + i;
            openings.add(openers.submit(() -> {
                started.countDown();
                try {
                    repository.create(session(id, "d1", T0), 1000);
                } catch (DatasetNotFoundException closed) {
                    // opened after the close: refused
                }
            }));
        }
        started.await();
        List<String> closedWith = repository.closeDataset("d1", true);
        closedWith.forEach(repository::delete);
        for (Future<?> opening : openings) {
            opening.get();
        }
        // every session opened before the close was named by it, and none was opened after it
        assertThat(repository.count()).isZero();
    }

    @Test
    void expiringRemovesOnlySessionsIdleSinceBeforeTheCutoff() throws Exception {
        repository.create(session("idle", "d1", T0), 10);
        repository.create(session("claimed", "d1", T0), 10);
        repository.create(session("touched", "d1", T0), 10);
        repository.claim("claimed", 1, T0.plusSeconds(60));
        repository.touch("touched", T0.plusSeconds(60));

        List<String> expired = repository.expireIdle(T0.plusSeconds(30));

        assertThat(expired).containsExactly("idle");
        assertThat(repository.find("idle")).isEmpty();
        assertThatThrownBy(() -> repository.claim("idle", 1, T0)).isInstanceOf(SessionNotFoundException.class);
        assertThat(repository.find("claimed")).isPresent();
        assertThat(repository.find("touched")).isPresent();
        assertThat(reopen().find("idle")).isEmpty();
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }
}
