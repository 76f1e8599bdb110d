package dev.mixup.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;

/**
 * A registered dataset: its manifest, plus its arrays mapped on use and its feature-wise statistics
 * computed on first need (then kept in the store beside it).
 */
public final class Dataset {

    private final StoredDataset stored;
    private final DatasetStore store;
    /**
     * Held weakly: the mapping lives as long as a session's recipe (or a request) uses it, so the
     * store can tell the datasets in use from those it may evict, and maps them again when needed.
     */
    private WeakReference<SampleSource> samples = new WeakReference<>(null);
    private volatile ChannelStatistics statistics;

    Dataset(StoredDataset stored, DatasetStore store) {
        this.stored = stored;
        this.store = store;
    }

    public String id() {
        return stored.id();
    }

    public DatasetManifest manifest() {
        return stored.manifest();
    }

    StoredDataset stored() {
        return stored;
    }

    /** The rank of the uploaded images: 3 for grayscale (N, H, W), 4 for (N, H, W, C). */
    public int imageRank() {
        return manifest().x().shape().size();
    }

    public List<String> labelNames() {
        return manifest().labels().stream().map(LabelInfo::name).toList();
    }

    public synchronized SampleSource samples() {
        SampleSource mapped = samples.get();
        if (mapped == null) {
            try {
                mapped = store.open(stored);
            } catch (IOException e) {
                if (store.find(id()).isEmpty()) {
                    // deleted between its lookup and this mapping: gone, not broken
                    throw new DatasetNotFoundException(id());
                }
                throw new UncheckedIOException("cannot map dataset " + id(), e);
            }
            samples = new WeakReference<>(mapped);
        }
        return mapped;
    }

    /** Puts freshly computed statistics in the store, or throws (leaving nothing there). */
    @FunctionalInterface
    interface StatisticsKeeper {
        void keep(ChannelStatistics statistics);
    }

    /**
     * Per-channel statistics for feature-wise standardisation, computed once per dataset. They are
     * remembered only once kept in the store, so a failed write is tried again by the next caller.
     */
    ChannelStatistics featureStatistics(StatisticsKeeper keeper) {
        ChannelStatistics known = statistics;
        if (known == null) {
            synchronized (this) {
                if (statistics == null) {
                    statistics = loadOrCompute(keeper);
                }
                known = statistics;
            }
        }
        return known;
    }

    /** Maps the arrays of a dataset whose files are in {@code directory}. */
    static SampleSource map(Path directory, DatasetManifest manifest) throws IOException {
        MappedArray x = MappedArray.map(directory.resolve(DatasetImporter.IMAGES_FILE));
        List<MappedArray> labels = new ArrayList<>();
        for (int i = 0; i < manifest.labels().size(); i++) {
            labels.add(MappedArray.map(directory.resolve(DatasetImporter.labelFile(i))));
        }
        return new DatasetSamples(x, labels, manifest.labels().stream().map(LabelInfo::oneHotEncoded).toList());
    }

    private ChannelStatistics loadOrCompute(StatisticsKeeper keeper) {
        try {
            ChannelStatistics kept = store.statistics(stored).orElse(null);
            if (kept != null) {
                return kept;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read statistics of dataset " + id(), e);
        }
        ChannelStatistics computed = FeatureStatistics.compute(samples());
        keeper.keep(computed);
        return computed;
    }
}
