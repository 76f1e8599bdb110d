package dev.mixup.dataset;

import java.io.IOException;
import java.nio.file.Path;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link DatasetStore} must do, run against each implementation. Two store instances on
 * the same backing (a data directory, a bucket) stand for two replicas; each has its own data
 * directory for staging (and, with {@code s3}, its cache).
 */
abstract class DatasetStoreContract {

    /** The store of the replica named {@code replica} ("a", "b", ...); the same instance for the same name. */
    abstract DatasetStore store(String replica) throws Exception;

    abstract DataDirectory directory(String replica) throws Exception;

    StagedDatasets.Staged stage(String replica, int samples, long seed) throws Exception {
        return StagedDatasets.stage(directory(replica), samples, seed);
    }

    StoredDataset commit(String replica, int samples, long seed) throws Exception {
        StagedDatasets.Staged staged = stage(replica, samples, seed);
        store(replica).commit(staged.dataset(), staged.directory());
        return staged.dataset();
    }

    @Test
    void aCommittedDatasetIsFoundListedAndMapped() throws Exception {
        StoredDataset dataset = commit("a", 20, 1);

        assertThat(store("a").find(dataset.id())).contains(dataset);
        assertThat(store("a").list()).contains(dataset);
        assertThat(dataset.files()).containsOnlyKeys("x.npy", "label-0.npy");
        assertSameSamples(store("a").open(dataset), StagedDatasets.stage(directory("a"), 20, 1));
    }

    @Test
    void anotherReplicaFindsListsAndServesTheSameBytes() throws Exception {
        StoredDataset dataset = commit("a", 24, 2);

        assertThat(store("b").find(dataset.id())).contains(dataset);
        assertThat(store("b").list()).contains(dataset);
        assertSameSamples(store("b").open(dataset), StagedDatasets.stage(directory("b"), 24, 2));
    }

    @Test
    void aDeletedDatasetIsGoneForEveryReplica() throws Exception {
        StoredDataset kept = commit("a", 10, 3);
        StoredDataset deleted = commit("a", 10, 4);
        assertThat(store("b").find(deleted.id())).isPresent();

        store("a").delete(deleted.id());

        assertThat(store("a").find(deleted.id())).isEmpty();
        assertThat(store("b").find(deleted.id())).isEmpty();
        assertThat(store("b").list()).contains(kept).doesNotContain(deleted);
        assertThat(store("b").find(kept.id())).contains(kept);
    }

    @Test
    void statisticsAreKeptWithTheDatasetForEveryReplica() throws Exception {
        StoredDataset dataset = commit("a", 10, 5);
        assertThat(store("a").statistics(dataset)).isEmpty();

        ChannelStatistics statistics = new ChannelStatistics(new double[] {1.5, 2.5, 3.5}, new double[] {0.25, 0.5, 0.75});
        Path file = directory("a").newTemporary("statistics");
        FeatureStatistics.write(statistics, file);
        store("a").keepStatistics(dataset, file);

        for (String replica : new String[] {"a", "b"}) {
            ChannelStatistics read = store(replica).statistics(dataset).orElseThrow();
            assertThat(read.mean()).containsExactly(statistics.mean());
            assertThat(read.std()).containsExactly(statistics.std());
        }
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        assertThat(store("a").find("00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void anAvailableStoreSaysSo() throws Exception {
        store("a").checkAvailable();
        assertThat(store("a").describe()).isNotBlank();
    }

    /** The mapped samples hold exactly what {@code expected} staged. */
    static void assertSameSamples(SampleSource actual, StagedDatasets.Staged expected) throws IOException {
        SampleSource staged = Dataset.map(expected.directory(), expected.dataset().manifest());
        assertThat(actual.samples()).isEqualTo(staged.samples());
        float[] a = new float[actual.imageShape().size()];
        float[] b = new float[a.length];
        float[] labelA = new float[actual.labelWidth(0)];
        float[] labelB = new float[labelA.length];
        for (int n = 0; n < staged.samples(); n++) {
            actual.readImage(n, a);
            staged.readImage(n, b);
            assertThat(a).containsExactly(b);
            actual.readLabel(0, n, labelA);
            staged.readLabel(0, n, labelB);
            assertThat(labelA).containsExactly(labelB);
        }
    }
}
