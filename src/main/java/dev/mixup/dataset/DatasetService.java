package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import dev.mixup.MixupProperties;
import dev.mixup.core.ChannelStatistics;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageKey;
import dev.mixup.paging.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers, lists and deletes datasets. A dataset is built in {@code tmp/} and committed by one
 * atomic directory rename, so after a crash at any moment it is either wholly there or absent.
 */
@Service
public class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    static final String MANIFEST = "manifest.json";
    private static final int MAX_NAME_LENGTH = 200;

    private final DataDirectory directory;
    private final DiskSpace disk;
    private final JsonMapper json;
    private final long maxUploadBytes;
    private final long maxDatasetBytes;
    private final ConcurrentMap<String, Dataset> datasets = new ConcurrentHashMap<>();

    public DatasetService(DataDirectory directory, DiskSpace disk, JsonMapper json, MixupProperties properties) {
        this.directory = directory;
        this.disk = disk;
        this.json = json;
        this.maxUploadBytes = properties.maxUploadBytes().toBytes();
        this.maxDatasetBytes = properties.maxDatasetBytes().toBytes();
        loadExisting();
    }

    /** Registers the {@code .npz} in {@code body}; {@code contentLength} is -1 when unknown (chunked). */
    public Dataset register(String name, InputStream body, long contentLength, ImportOptions options) {
        return register(name, options, upload -> UploadSpool.spool(body, contentLength, upload, maxUploadBytes, disk));
    }

    /** Registers a {@code .npz} the servlet container has already spooled (a multipart part): moved, not copied. */
    public Dataset register(String name, SpooledPart part, ImportOptions options) {
        return register(name, options, upload -> {
            part.moveTo(upload);
            return UploadSpool.received(upload);
        });
    }

    /** A multipart part on disk under {@code tmp/}, as the servlet container spooled it. */
    @FunctionalInterface
    public interface SpooledPart {
        void moveTo(Path file) throws IOException;
    }

    @FunctionalInterface
    private interface Receiver {
        UploadSpool.Spooled receive(Path upload) throws IOException;
    }

    private Dataset register(String name, ImportOptions options, Receiver receiver) {
        checkName(name);
        Path upload = directory.newTemporary("upload");
        Path staging = directory.newTemporary("dataset");
        try (StagedFiles files = new StagedFiles(staging, name, maxDatasetBytes, disk)) {
            UploadSpool.Spooled spooled = receiver.receive(upload);
            DatasetImporter.StoredArrays arrays = DatasetImporter.importArchive(upload, options, files);
            DatasetManifest manifest = new DatasetManifest(UUID.randomUUID().toString(), name, arrays.samples(),
                    arrays.x(), arrays.labels(), spooled.bytes(), spooled.sha256(), Instant.now());
            byte[] manifestJson = json.writeValueAsBytes(manifest);
            files.plan(MANIFEST, "JSON", manifestJson.length);
            try (OutputStream out = files.create(MANIFEST)) {
                out.write(manifestJson);
            }
            Path target = directory.datasets().resolve(manifest.id());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            Dataset dataset = new Dataset(target, manifest);
            datasets.put(manifest.id(), dataset);
            log.info("registered dataset {} '{}': {} samples, x {} {}, {} on disk", manifest.id(), name,
                    manifest.samples(), manifest.x().shape(), manifest.x().dtype(), Sizes.describe(files.total()));
            return dataset;
        } catch (IOException e) {
            throw disk.failure("dataset '" + name + "'", e);
        } finally {
            deleteQuietly(upload);
            deleteQuietly(staging);
        }
    }

    /** A page of datasets in the order of {@link PageKey}: creation time, then id. */
    public Page<Dataset> list(PageRequest page) {
        return page.select(datasets.values().stream(), d -> new PageKey(d.manifest().createdAt(), d.id()));
    }

    public boolean exists(String id) {
        return datasets.containsKey(id);
    }

    public Dataset get(String id) {
        Dataset dataset = datasets.get(id);
        if (dataset == null) {
            throw new DatasetNotFoundException(id);
        }
        return dataset;
    }

    /** Computed on first need and kept beside the dataset; {@code 507} when there is no room to keep them. */
    public ChannelStatistics featureStatistics(Dataset dataset) {
        return dataset.featureStatistics((statistics, file) -> {
            String what = "the statistics of dataset " + dataset.id();
            disk.check(FeatureStatistics.fileBytes(statistics.mean().length), what);
            Path temporary = directory.newTemporary("statistics");
            try {
                FeatureStatistics.write(statistics, file, temporary);
            } catch (IOException e) {
                throw disk.failure(what, e);
            } finally {
                deleteQuietly(temporary);
            }
        });
    }

    /**
     * Moves the directory out of {@code datasets/} first, so a crash mid-delete leaves no half
     * dataset; if that move fails, the dataset stays as it was.
     */
    public void delete(String id) {
        Dataset dataset = datasets.remove(id);
        if (dataset == null) {
            throw new DatasetNotFoundException(id);
        }
        Path doomed = directory.newTemporary("deleted");
        try {
            Files.move(directory.datasets().resolve(id), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            datasets.put(id, dataset);
            throw disk.failure("the removal of dataset " + id, e);
        }
        deleteQuietly(doomed);
        log.info("deleted dataset {}", id);
    }

    public int count() {
        return datasets.size();
    }

    private void loadExisting() {
        try (Stream<Path> dirs = Files.list(directory.datasets())) {
            for (Path dir : dirs.toList()) {
                Path manifestFile = dir.resolve(MANIFEST);
                if (!Files.isRegularFile(manifestFile)) {
                    log.warn("ignoring {}: no manifest", dir);
                    continue;
                }
                DatasetManifest manifest = json.readValue(manifestFile.toFile(), DatasetManifest.class);
                datasets.put(manifest.id(), new Dataset(dir, manifest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read datasets in " + directory.datasets(), e);
        }
        log.info("{} dataset(s) in {}", datasets.size(), directory.datasets());
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDatasetException("name is required (?name=...)");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidDatasetException("name must be at most " + MAX_NAME_LENGTH + " printable characters");
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            DataDirectory.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("could not remove temporary {}: {}", path, e.getMessage());
        }
    }
}
