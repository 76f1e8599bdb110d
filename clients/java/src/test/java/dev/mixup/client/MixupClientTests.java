package dev.mixup.client;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The client against the real service: uploads, sessions, batches and problems. */
class MixupClientTests {

    static final int SAMPLES = 64;
    static final int CLASSES = 5;

    static MixupClient client;
    static DatasetInfo dataset;

    @BeforeAll
    static void upload() {
        client = RunningService.shared().client();
        dataset = client.upload(TestData.images(SAMPLES, 4, 3, 2), TestData.classIds(SAMPLES, CLASSES), "client-tests");
    }

    @Test
    void uploadedArraysAreDescribed() {
        assertThat(dataset.samples()).isEqualTo(SAMPLES);
        assertThat(dataset.x()).isEqualTo(new DatasetInfo.ArrayInfo("x", List.of(64L, 4L, 3L, 2L), "uint8"));
        assertThat(dataset.labels()).containsExactly(new DatasetInfo.ArrayInfo("y", List.of(64L, 5L), "float32"));
        assertThat(dataset.sha256()).hasSize(64);
        assertThat(client.dataset(dataset.id())).isEqualTo(dataset);
        assertThat(client.datasets()).contains(dataset);
    }

    @Test
    void aFileUploadTakesMemberNamesAndClassCount(@TempDir Path dir) throws Exception {
        Map<String, INDArray> members = new LinkedHashMap<>();
        members.put("images", TestData.images(8, 2, 2, 1));
        members.put("digit", TestData.classIds(8, 3));
        members.put("parity bit", TestData.classIds(8, 2));
        Path npz = dir.resolve("multi.npz");
        try (OutputStream out = Files.newOutputStream(npz)) {
            NpzWriter.write(members, out);
        }
        DatasetInfo multi = client.upload(npz, "multi", UploadOptions.defaults().x("images").labels("digit", "parity bit").numClasses(4));
        assertThat(multi.bytes()).isEqualTo(Files.size(npz));
        assertThat(multi.labels()).extracting(DatasetInfo.ArrayInfo::name).containsExactly("digit", "parity bit");
        assertThat(multi.labels()).extracting(label -> label.shape().get(1)).containsExactly(4L, 4L);

        try (MixupSession session = client.open(SessionRequest.forDataset(multi.id()).batchSize(2))) {
            Batch batch = session.next();
            assertThat(batch.labelNames()).containsExactly("digit", "parity bit");
            MultiDataSet both = batch.toMultiDataSet();
            assertThat(both.getFeatures(0)).isSameAs(batch.x());
            assertThat(both.getLabels()).hasSize(2);
            assertThat(both.getLabels(1)).isSameAs(batch.labels().get(1));
        }
    }

    @Test
    void sessionsShowTheirEffectiveSettings() {
        try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(4).alpha(0.4).seed(7)
                .shuffle(false).datagen(Map.of("horizontal_flip", true)).eraser(Map.of("p", 1.0)).shard(1, 2))) {
            assertThat(session.batchSize()).isEqualTo(4);
            assertThat(session.seed()).isEqualTo(7);
            assertThat(session.stepsPerEpoch()).isEqualTo(SAMPLES / 2 / (2 * 4));
            assertThat(session.dataset()).isEqualTo(dataset);
            assertThat(client.session(session.id()).seed()).isEqualTo(7);
        }
        try (MixupSession drawn = client.open(SessionRequest.forDataset(dataset.id()))) {
            assertThat(drawn.seed()).isPositive();
            assertThat(drawn.batchSize()).isEqualTo(32);
        }
    }

    /** Without shuffling, step 0 mixes samples 0..B-1 with B..2B-1: every pixel and label follows from lam. */
    @Test
    void batchesArriveAsTheMixedArrays() {
        int b = 4;
        try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(b).shuffle(false).seed(3))) {
            Batch batch = session.next();
            assertThat(batch.step()).isZero();
            assertThat(batch.x().dataType()).isEqualTo(DataType.FLOAT);
            assertThat(batch.x().shape()).containsExactly(b, 4, 3, 2);
            INDArray y = batch.labels().get(0);
            assertThat(y.shape()).containsExactly(b, CLASSES);
            for (int i = 0; i < b; i++) {
                float pixel = batch.x().slice(i).getFloat(0);
                double lam = (b + i - pixel) / b;   // pixel = lam * i + (1 - lam) * (b + i)
                assertThat(batch.x().slice(i).minNumber().floatValue()).isEqualTo(pixel);
                assertThat(batch.x().slice(i).maxNumber().floatValue()).isEqualTo(pixel);
                assertThat(y.getDouble(i, i % CLASSES)).isCloseTo(lam, within(1e-4));
                assertThat(y.getDouble(i, (b + i) % CLASSES)).isCloseTo(1 - lam, within(1e-4));
                assertThat(y.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
            }
            DataSet dataSet = batch.toDataSet();
            assertThat(dataSet.getFeatures()).isSameAs(batch.x());
            assertThat(dataSet.getLabels()).isSameAs(y);
        }
    }

    @Test
    void nextMovesOnBatchFetchesAgainSeekResumes() {
        try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(4).seed(11))) {
            Batch first = session.next();
            Batch second = session.next();
            assertThat(second.step()).isEqualTo(first.step() + 1);
            assertThat(session.position()).isEqualTo(2);
            assertThat(session.batch(0).x()).isEqualTo(first.x());
            assertThat(session.batch(1).labels()).isEqualTo(second.labels());
            assertThat(session.position()).isEqualTo(2);
            session.seek(1);
            Batch again = session.next();
            assertThat(again.step()).isEqualTo(1);
            assertThat(again.x()).isEqualTo(second.x());
            Batch later = session.batch(session.stepsPerEpoch() + 1);
            assertThat(later.epoch()).isEqualTo(1);
        }
    }

    @Test
    void float16ChannelsFirstForDl4jConvolutions() {
        try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(2).dtype("float16")
                .dataFormat("channels_first"))) {
            INDArray x = session.next().x();
            assertThat(x.dataType()).isEqualTo(DataType.HALF);
            assertThat(x.shape()).containsExactly(2, 2, 4, 3);
        }
    }

    @Test
    void problemsAreExceptionsWithTheServicesDetail() {
        assertThatThrownBy(() -> client.open(SessionRequest.forDataset(dataset.id()).alpha(0)))
                .isInstanceOfSatisfying(MixupException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.title()).isEqualTo("Bad Request");
                    assertThat(e.detail()).contains("alpha");
                });
        assertThatThrownBy(() -> client.dataset("no-such-dataset"))
                .isInstanceOfSatisfying(MixupException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> MixupClient.connect(RunningService.shared().uri()).datasets())
                .isInstanceOfSatisfying(MixupException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void closeDeletesTheSessionOnce() {
        MixupSession session = client.open(SessionRequest.forDataset(dataset.id()).batchSize(2));
        session.close();
        session.close();
        assertThatThrownBy(() -> client.session(session.id()))
                .isInstanceOfSatisfying(MixupException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(session::next)
                .isInstanceOfSatisfying(MixupException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aDatasetInUseIsDeletedOnlyWithForce() {
        DatasetInfo doomed = client.upload(TestData.images(8, 2, 2, 1), TestData.classIds(8, 2), "doomed");
        MixupSession session = client.open(SessionRequest.forDataset(doomed.id()).batchSize(2));
        assertThatThrownBy(() -> client.deleteDataset(doomed.id(), false))
                .isInstanceOfSatisfying(MixupException.class, e -> assertThat(e.status()).isEqualTo(409));
        client.deleteDataset(doomed.id(), true);
        assertThat(client.datasets()).doesNotContain(doomed);
        assertThatThrownBy(session::next).isInstanceOf(MixupException.class);
    }
}
