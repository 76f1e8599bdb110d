package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.mixup.MixupProperties;
import dev.mixup.core.ChannelStatistics;
import dev.mixup.paging.Page;
import dev.mixup.paging.PageKey;
import dev.mixup.paging.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Registers, lists and deletes datasets, kept in the {@link DatasetStore} that
 * {@code mixup.datasets.store} chooses. An upload is checked and converted in {@code tmp/}, then
 * committed to the store, which makes it visible with its manifest, last.
 */
@Service
public class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final int MAX_NAME_LENGTH = 200;

    private final DatasetStore store;
    private final DataDirectory directory;
    private final DiskSpace disk;
    private final ManifestCodec codec;
    private final long maxUploadBytes;
    private final long maxDatasetBytes;
    /** The datasets opened here, with their mappings and statistics; the store says which exist. */
    private final ConcurrentMap<String, Dataset> opened = new ConcurrentHashMap<>();

    DatasetService(DatasetStore store, DataDirectory directory, DiskSpace disk, ManifestCodec codec, MixupProperties properties) {
        this.store = store;
        this.directory = directory;
        this.disk = disk;
        this.codec = codec;
        this.maxUploadBytes = properties.maxUploadBytes().toBytes();
        this.maxDatasetBytes = properties.maxDatasetBytes().toBytes();
        log.info("datasets are kept in {}", store.describe());
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
            DatasetManifest manifest;
            try (FileSha256 uploadSha256 = FileSha256.start(upload)) {
                DatasetImporter.StoredArrays arrays = DatasetImporter.importArchive(upload, options, files);
                manifest = new DatasetManifest(UUID.randomUUID().toString(), name, arrays.samples(),
                        arrays.x(), arrays.labels(), spooled.bytes(), uploadSha256.join(), Instant.now());
            }
            StoredDataset stored = new StoredDataset(manifest, files.written());
            byte[] manifestJson = codec.write(stored);
            files.plan(ManifestCodec.FILE, "JSON", manifestJson.length);
            try (OutputStream out = files.create(ManifestCodec.FILE)) {
                out.write(manifestJson);
            }
            store.commit(stored, staging);
            Dataset dataset = new Dataset(stored, store);
            opened.put(manifest.id(), dataset);
            log.info("registered dataset {} '{}': {} samples, x {} {}, {} stored", manifest.id(), name,
                    manifest.samples(), manifest.x().shape(), manifest.x().dtype(), Sizes.describe(files.total()));
            return dataset;
        } catch (IOException e) {
            throw disk.failure("dataset '" + name + "'", e);
        } finally {
            DataDirectory.deleteQuietly(upload);
            DataDirectory.deleteQuietly(staging);
        }
    }

    /** A page of the datasets in the store, in the order of {@link PageKey}: creation time, then id. */
    public Page<Dataset> list(PageRequest page) {
        List<StoredDataset> stored = store.list();
        opened.keySet().retainAll(stored.stream().map(StoredDataset::id).toList());
        return page.select(stored.stream().map(this::opened), d -> new PageKey(d.manifest().createdAt(), d.id()));
    }

    /** Whether the store holds the dataset (with {@code s3}, asked at most once per recheck interval). */
    public boolean exists(String id) {
        return find(id).isPresent();
    }

    public Dataset get(String id) {
        return find(id).orElseThrow(() -> new DatasetNotFoundException(id));
    }

    private Optional<Dataset> find(String id) {
        // ids are UUIDs: anything else names no dataset (and never reaches a path or a key)
        Optional<StoredDataset> stored = isId(id) ? store.find(id) : Optional.empty();
        if (stored.isEmpty() && id != null) {
            opened.remove(id);
        }
        return stored.map(this::opened);
    }

    /** Computed on first need and kept in the store; {@code 507} when there is no room to write them. */
    public ChannelStatistics featureStatistics(Dataset dataset) {
        return dataset.featureStatistics(statistics -> {
            String what = "the statistics of dataset " + dataset.id();
            disk.check(FeatureStatistics.fileBytes(statistics.mean().length), what);
            Path temporary = directory.newTemporary("statistics");
            try {
                FeatureStatistics.write(statistics, temporary);
                store.keepStatistics(dataset.stored(), temporary);
            } catch (IOException e) {
                throw disk.failure(what, e);
            } finally {
                DataDirectory.deleteQuietly(temporary);
            }
        });
    }

    /** Removes the dataset from the store, its manifest first; if that fails, the dataset stays as it was. */
    public void delete(String id) {
        get(id);
        try {
            store.delete(id);
        } catch (IOException e) {
            throw disk.failure("the removal of dataset " + id, e);
        }
        opened.remove(id);
        log.info("deleted dataset {}", id);
    }

    public int count() {
        return store.list().size();
    }

    private Dataset opened(StoredDataset stored) {
        return opened.computeIfAbsent(stored.id(), id -> new Dataset(stored, store));
    }

    private static boolean isId(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDatasetException("name is required (?name=...)");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidDatasetException("name must be at most " + MAX_NAME_LENGTH + " printable characters");
        }
    }
}
