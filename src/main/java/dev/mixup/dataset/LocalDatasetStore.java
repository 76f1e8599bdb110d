package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets in {@code datasets/<id>/} under the data directory. A dataset is staged in {@code tmp/}
 * and committed by one atomic directory rename, so after a crash it is either wholly there or absent.
 */
final class LocalDatasetStore implements DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(LocalDatasetStore.class);

    private final DataDirectory directory;
    private final ManifestCodec codec;
    /** Manifests never change, so each is read once. */
    private final ConcurrentMap<String, StoredDataset> manifests = new ConcurrentHashMap<>();

    LocalDatasetStore(DataDirectory directory, ManifestCodec codec) {
        this.directory = directory;
        this.codec = codec;
    }

    @Override
    public void commit(StoredDataset dataset, Path staged) throws IOException {
        Files.move(staged, directory.datasets().resolve(dataset.id()), StandardCopyOption.ATOMIC_MOVE);
        manifests.put(dataset.id(), dataset);
    }

    @Override
    public List<StoredDataset> list() {
        List<StoredDataset> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(directory.datasets())) {
            for (Path dir : dirs.toList()) {
                try {
                    find(dir.getFileName().toString()).ifPresentOrElse(all::add, () -> log.warn("ignoring {}: no manifest", dir));
                } catch (RuntimeException e) {
                    log.warn("ignoring {}: unreadable manifest ({})", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list datasets in " + directory.datasets(), e);
        }
        return all;
    }

    @Override
    public Optional<StoredDataset> find(String id) {
        Path manifest = directory.datasets().resolve(id).resolve(ManifestCodec.FILE);
        if (!Files.isRegularFile(manifest)) {
            manifests.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(manifests.computeIfAbsent(id, known -> {
            try {
                return codec.read(Files.readAllBytes(manifest));
            } catch (NoSuchFileException deletedMeanwhile) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + manifest, e);
            }
        }));
    }

    @Override
    public SampleSource open(StoredDataset dataset) throws IOException {
        return Dataset.map(directory.datasets().resolve(dataset.id()), dataset.manifest());
    }

    @Override
    public Optional<ChannelStatistics> statistics(StoredDataset dataset) throws IOException {
        Path file = statisticsFile(dataset);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(FeatureStatistics.read(in));
        }
    }

    /** Renamed into place: a reader sees all of the file or none. */
    @Override
    public void keepStatistics(StoredDataset dataset, Path file) throws IOException {
        Files.move(file, statisticsFile(dataset), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves the directory out of {@code datasets/} first, so a crash mid-delete leaves no half
     * dataset; if that move fails, the dataset stays as it was.
     */
    @Override
    public void delete(String id) throws IOException {
        Path doomed = directory.newTemporary("deleted");
        Files.move(directory.datasets().resolve(id), doomed, StandardCopyOption.ATOMIC_MOVE);
        manifests.remove(id);
        DataDirectory.deleteQuietly(doomed);
    }

    @Override
    public void checkAvailable() {
        if (!Files.isDirectory(directory.datasets())) {
            throw new IllegalStateException(directory.datasets() + " is not a directory");
        }
    }

    @Override
    public String describe() {
        return "local " + directory.datasets();
    }

    private Path statisticsFile(StoredDataset dataset) {
        return directory.datasets().resolve(dataset.id()).resolve(FeatureStatistics.FILE);
    }
}
