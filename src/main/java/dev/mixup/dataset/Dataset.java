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

    /** Per-channel statistics for feature-wise standardisation, computed once per dataset. */
    public ChannelStatistics featureStatistics(Path temporary) {
        ChannelStatistics known = statistics;
        if (known == null) {
            synchronized (this) {
                if (statistics == null) {
                    statistics = loadOrCompute(temporary);
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

    private ChannelStatistics loadOrCompute(Path temporary) {
        Path file = directory.resolve(FeatureStatistics.FILE);
        try {
            if (Files.exists(file)) {
                return FeatureStatistics.read(file);
            }
            ChannelStatistics computed = FeatureStatistics.compute(samples());
            FeatureStatistics.write(computed, file, temporary);
            return computed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep statistics of dataset " + id(), e);
        }
    }
}
