package dev.mixup.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;

/**
 * Where datasets are kept: {@code local} (the data directory) or {@code s3} (an object store shared by
 * replicas). A dataset is visible once its manifest is, and the manifest is always written last, so a
 * dataset is either wholly there or absent. Failures to reach a remote store are
 * {@link StoreUnavailableException}s; I/O errors of the local disk are {@link IOException}s.
 */
interface DatasetStore {

    /**
     * Publishes the dataset staged in {@code staged} (its files and {@code manifest.json}), the
     * manifest last; the staged directory is moved or removed by the store.
     */
    void commit(StoredDataset dataset, Path staged) throws IOException;

    /** Every dataset whose manifest is in the store now. */
    List<StoredDataset> list();

    Optional<StoredDataset> find(String id);

    /** The dataset's arrays memory-mapped from files on this machine (an {@code s3} store fetches them first). */
    SampleSource open(StoredDataset dataset) throws IOException;

    Optional<ChannelStatistics> statistics(StoredDataset dataset) throws IOException;

    /** Keeps the complete {@code statistics.npy} at {@code file} (under {@code tmp/}) with the dataset. */
    void keepStatistics(StoredDataset dataset, Path file) throws IOException;

    /** Removes the manifest first, so the dataset is gone for everyone before its files are. */
    void delete(String id) throws IOException;

    /** Throws when the store cannot be used now; the readiness probe asks this. */
    void checkAvailable();

    /** For logs and the health details: "local /data/datasets", "s3 bucket/prefix". */
    String describe();
}
