package dev.mixup.client;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client does when the network or the service fails for a moment. */
class RetryTests {

    /** What the service answers while its batch memory budget is full. */
    static final String BUSY = busy("{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"memory budget full\"}");

    static DatasetInfo dataset;

    static String busy(String problem) {
        return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: " + problem.length() + "\r\nConnection: close\r\n\r\n" + problem;
    }

    @BeforeAll
    static void upload() {
        dataset = RunningService.shared().client().upload(TestData.images(32, 2, 2, 1), TestData.classIds(32, 2), "retry-tests");
    }

    static MixupClient through(FaultyProxy proxy) {
        return MixupClient.connect(proxy.uri()).withApiKey(RunningService.API_KEY);
    }

    @Test
    void a503IsRetriedAfterItsRetryAfter() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.answeringOnce(RunningService.shared().uri(), "/next", BUSY);
             MixupSession session = through(proxy).open(SessionRequest.forDataset(dataset.id()).batchSize(2))) {
            assertThat(session.next().step()).isZero();
            assertThat(proxy.fired()).isTrue();
            assertThat(session.position()).isEqualTo(1);
        }
    }

    @Test
    void a503ThatLastsIsAProblem() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.answeringOnce(RunningService.shared().uri(), "/next", BUSY);
             MixupSession session = through(proxy).withAttempts(1).open(SessionRequest.forDataset(dataset.id()).batchSize(2))) {
            assertThatThrownBy(session::next).isInstanceOfSatisfying(MixupException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.detail()).isEqualTo("memory budget full");
            });
        }
    }

    /** next claimed the step, then its answer was lost: sent again with its Idempotency-Key, it gets that step. */
    @Test
    void aNextWhoseAnswerIsLostIsSentAgainForTheSameStep() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.cuttingAnswer(RunningService.shared().uri(), "/next", -1);
             MixupSession session = through(proxy).open(SessionRequest.forDataset(dataset.id()).batchSize(2).seed(5))) {
            Batch first = session.next();
            assertThat(proxy.fired()).isTrue();
            assertThat(first.step()).isZero();
            assertThat(first.x()).isEqualTo(session.batch(0).x());
            assertThat(session.position()).isEqualTo(1);
        }
    }

    /** next claimed the step before its body broke: the client fetches that step again instead of losing it. */
    @Test
    void aNextWhoseBodyBreaksKeepsItsStep() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.cuttingAnswer(RunningService.shared().uri(), "/next", 100);
             MixupSession session = through(proxy).open(SessionRequest.forDataset(dataset.id()).batchSize(2).seed(4))) {
            Batch first = session.next();
            assertThat(proxy.fired()).isTrue();
            assertThat(first.step()).isZero();
            assertThat(first.x()).isEqualTo(session.batch(0).x());
            assertThat(session.next().step()).isEqualTo(1);
        }
    }

    @Test
    void anIdempotentCallIsRepeatedAfterABrokenConnection() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.answeringOnce(RunningService.shared().uri(), "/v1/datasets/", "")) {
            assertThat(through(proxy).dataset(dataset.id())).isEqualTo(dataset);
            assertThat(proxy.fired()).isTrue();
        }
    }

    @Test
    void anUnreachableServiceIsAnIoErrorAfterTheAttempts() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MixupClient nowhere = MixupClient.connect(URI.create("http://localhost:" + closedPort)).withAttempts(2);
        assertThatThrownBy(nowhere::datasets).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("after 2 attempts").hasCauseInstanceOf(ConnectException.class);
    }
}
