package dev.mixup.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;

/**
 * A registered dataset: its manifest, plus its arrays mapped on first use and its feature-wise
 * statistics computed on first need (then kept on disk beside it).
 */
public final class Dataset {

    private final Path directory;
    private final DatasetManifest manifest;
    private volatile SampleSource samples;
    private volatile ChannelStatistics statistics;

    Dataset(Path directory, DatasetManifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    public String id() {
        return manifest.id();
    }

    public DatasetManifest manifest() {
        return manifest;
    }

    /** The rank of the uploaded images: 3 for grayscale (N, H, W), 4 for (N, H, W, C). */
    public int imageRank() {
        return manifest.x().shape().size();
    }

    public List<String> labelNames() {
        return manifest.labels().stream().map(LabelInfo::name).toList();
    }

    public SampleSource samples() {
        SampleSource mapped = samples;
        if (mapped == null) {
            synchronized (this) {
                if (samples == null) {
                    samples = map();
                }
                mapped = samples;
            }
        }
        return mapped;
    }

    /** Puts freshly computed statistics on disk at {@code file}, or throws (leaving nothing there). */
    @FunctionalInterface
    interface StatisticsKeeper {
        void keep(ChannelStatistics statistics, Path file);
    }

    /**
     * Per-channel statistics for feature-wise standardisation, computed once per dataset. They are
     * remembered only once kept on disk, so a failed write is tried again by the next caller.
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

    private SampleSource map() {
        try {
            MappedArray x = MappedArray.map(directory.resolve(DatasetImporter.IMAGES_FILE));
            List<MappedArray> labels = new ArrayList<>();
            for (int i = 0; i < manifest.labels().size(); i++) {
                labels.add(MappedArray.map(directory.resolve(DatasetImporter.labelFile(i))));
            }
            return new DatasetSamples(x, labels, manifest.labels().stream().map(LabelInfo::oneHotEncoded).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map dataset " + id(), e);
        }
    }

    private ChannelStatistics loadOrCompute(StatisticsKeeper keeper) {
        Path file = directory.resolve(FeatureStatistics.FILE);
        if (Files.exists(file)) {
            try {
                return FeatureStatistics.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read statistics of dataset " + id(), e);
            }
        }
        ChannelStatistics computed = FeatureStatistics.compute(samples());
        keeper.keep(computed, file);
        return computed;
    }
}
