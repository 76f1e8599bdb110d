package dev.mixup.client;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DL4J iterator: one epoch per pass, in step order, none lost or repeated, even when a stream breaks. */
class EpochIteratorTests {

    static final int BATCH = 4;
    /** 64 samples, batch 4: floor(64 / 8) = 8 steps per epoch. */
    static final int STEPS = 8;

    static MixupClient client;
    static DatasetInfo dataset;

    @BeforeAll
    static void upload() {
        client = RunningService.shared().client();
        dataset = client.upload(TestData.images(64, 3, 3, 1), TestData.classIds(64, 4), "iterator-tests");
    }

    MixupSession open(MixupClient through) {
        return through.open(SessionRequest.forDataset(dataset.id()).batchSize(BATCH).seed(5));
    }

    @Test
    void aPassIsTheEpochInStepOrder() {
        try (MixupSession session = open(client)) {
            DataSetIterator iterator = session.iterator(3);
            List<DataSet> pass = drain(iterator);
            assertThat(pass).hasSize(STEPS);
            assertSteps(session, pass, 0);
            assertThat(iterator.hasNext()).isFalse();
            assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
            assertThat(session.position()).isEqualTo(STEPS);
        }
    }

    @Test
    void resetStartsTheNextEpochAlsoMidPass() {
        try (MixupSession session = open(client)) {
            DataSetIterator iterator = session.iterator(5);
            drain(iterator);
            iterator.reset();
            List<DataSet> second = drain(iterator);
            assertThat(second).hasSize(STEPS);
            assertSteps(session, second, STEPS);

            iterator.reset();
            iterator.next();
            iterator.next();
            iterator.reset();
            assertThat(session.position()).isEqualTo(3 * STEPS);
            assertThat(iterator.next().getFeatures()).isEqualTo(session.batch(3 * STEPS).x());
        }
    }

    @Test
    void aResetBeforeAnyBatchKeepsThePass() {
        try (MixupSession session = open(client)) {
            DataSetIterator iterator = session.iterator();
            iterator.reset();
            assertThat(iterator.next().getFeatures()).isEqualTo(session.batch(0).x());
        }
    }

    @Test
    void aTrainerResumingMidEpochGetsTheRestOfIt() {
        try (MixupSession session = open(client)) {
            session.seek(STEPS + 5);
            List<DataSet> rest = drain(session.iterator());
            assertThat(rest).hasSize(3);
            assertSteps(session, rest, STEPS + 5);
        }
    }

    @Test
    void describesTheDataForDl4j() {
        try (MixupSession session = open(client)) {
            DataSetIterator iterator = session.iterator();
            assertThat(iterator.inputColumns()).isEqualTo(3 * 3);
            assertThat(iterator.totalOutcomes()).isEqualTo(4);
            assertThat(iterator.batch()).isEqualTo(BATCH);
            assertThat(iterator.asyncSupported()).isTrue();
            assertThat(iterator.resetSupported()).isTrue();
            assertThatThrownBy(() -> iterator.next(BATCH + 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(iterator.next(BATCH).getFeatures().shape()).containsExactly(BATCH, 3, 3, 1);
            iterator.setPreProcessor(dataSet -> dataSet.getFeatures().muli(0));
            assertThat(iterator.next().getFeatures().sumNumber().doubleValue()).isZero();
        }
    }

    /** The stream is cut after about one and a half batches: the rest of its steps come from batches/{k}. */
    @Test
    void aStreamBrokenMidWayLosesNoStep() throws Exception {
        long batchBytes = 2 * 128 + (BATCH * 9 + BATCH * 4) * 4;   // two .npy headers and float32 data
        try (FaultyProxy proxy = FaultyProxy.cuttingAnswer(RunningService.shared().uri(), "/stream", batchBytes * 3 / 2);
             MixupSession session = open(MixupClient.connect(proxy.uri()).withApiKey(RunningService.API_KEY))) {
            List<DataSet> pass = drain(session.iterator(STEPS));
            assertThat(proxy.fired()).isTrue();
            assertThat(pass).hasSize(STEPS);
            assertSteps(session, pass, 0);
            assertThat(session.position()).isEqualTo(STEPS);
        }
    }

    /** Answer lost: the position shows whether the service claimed the steps, so none is lost or served twice. */
    @Test
    void aStreamWhoseAnswerIsLostIsRecoveredFromThePosition() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.cuttingAnswer(RunningService.shared().uri(), "/stream", -1);
             MixupSession session = open(MixupClient.connect(proxy.uri()).withApiKey(RunningService.API_KEY))) {
            List<DataSet> pass = drain(session.iterator(STEPS));
            assertThat(proxy.fired()).isTrue();
            assertSteps(session, pass, 0);
        }
        try (FaultyProxy proxy = FaultyProxy.answeringOnce(RunningService.shared().uri(), "/stream", "");
             MixupSession session = open(MixupClient.connect(proxy.uri()).withApiKey(RunningService.API_KEY))) {
            List<DataSet> pass = drain(session.iterator(STEPS));
            assertThat(proxy.fired()).isTrue();
            assertSteps(session, pass, 0);
            assertThat(session.position()).isEqualTo(STEPS);
        }
    }

    private static List<DataSet> drain(DataSetIterator iterator) {
        List<DataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) {
            batches.add(iterator.next());
        }
        return batches;
    }

    /** Batch i of the pass is step first + i, value for value. */
    private static void assertSteps(MixupSession session, List<DataSet> pass, long first) {
        for (int i = 0; i < pass.size(); i++) {
            Batch expected = session.batch(first + i);
            INDArray features = pass.get(i).getFeatures();
            assertThat(features).as("step " + (first + i)).isEqualTo(expected.x());
            assertThat(pass.get(i).getLabels()).as("step " + (first + i)).isEqualTo(expected.labels().get(0));
        }
    }
}
