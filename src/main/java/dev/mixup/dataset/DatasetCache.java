package dev.mixup.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's copies of datasets kept in an object store, in {@code cache/<id>/} under the data
 * directory, so that they can be memory-mapped. A copy is fetched into {@code tmp/}, checked against
 * the sizes and SHA-256 digests of its manifest and renamed into place whole; a copy left by an
 * earlier run is checked again before its first use.
 * <p>
 * The copies not in use are evicted, least recently used first, to keep the cache within
 * {@code mixup.datasets.cache-bytes}. A copy is in use while its memory mapping is reachable (a
 * session's recipe holds it); such copies are never evicted, so the cache can exceed its bound by
 * the datasets in use. Files are only ever removed or renamed over, never truncated or rewritten in
 * place, so even a mapping that outlives its copy (a dataset deleted through another replica) reads
 * the same bytes until it is dropped: Linux keeps a removed file's pages while they are mapped.
 */
final class DatasetCache {

    private static final Logger log = LoggerFactory.getLogger(DatasetCache.class);

    /** Streams one stored file of a dataset from the store into {@code out}. */
    @FunctionalInterface
    interface Fetcher {
        void fetch(String file, OutputStream out) throws IOException;
    }

    private static final class Entry {
        final long bytes;
        long lastUse;
        volatile boolean verified;
        WeakReference<Object> mapping = new WeakReference<>(null);

        Entry(long bytes, long lastUse, boolean verified) {
            this.bytes = bytes;
            this.lastUse = lastUse;
            this.verified = verified;
        }
    }

    private final DataDirectory directory;
    private final DiskSpace disk;
    private final ManifestCodec codec;
    private final long maxBytes;
    private final Map<String, Entry> entries = new HashMap<>();
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private long clock;

    DatasetCache(DataDirectory directory, DiskSpace disk, ManifestCodec codec, long maxBytes) throws IOException {
        this.directory = directory;
        this.disk = disk;
        this.codec = codec;
        this.maxBytes = maxBytes;
        Files.createDirectories(directory.cache());
        adoptEarlierCopies();
    }

    /** The directory holding the dataset's files, checked: fetched first when absent or damaged. */
    Path ensure(StoredDataset dataset, Fetcher fetcher) {
        ReentrantLock lock = lock(dataset.id());
        lock.lock();
        try {
            Entry entry = use(dataset.id());
            if (entry != null && !entry.verified) {
                String damage = damage(dataset);
                if (damage == null) {
                    entry.verified = true;
                } else {
                    log.warn("the cached copy of dataset {} is damaged ({}); fetching it again", dataset.id(), damage);
                    remove(dataset.id());
                    entry = null;
                }
            }
            if (entry == null) {
                fetch(dataset, fetcher);
            }
            return path(dataset.id());
        } finally {
            lock.unlock();
        }
    }

    /** Takes the files of a dataset just uploaded from this replica, rather than fetching them back later. */
    void adopt(StoredDataset dataset, Path staged) {
        ReentrantLock lock = lock(dataset.id());
        lock.lock();
        try {
            makeRoom(dataset.bytes(), dataset.id());
            Files.move(staged, path(dataset.id()), StandardCopyOption.ATOMIC_MOVE);
            add(dataset, true);
        } catch (IOException e) {
            log.warn("could not keep dataset {} in the cache: {}", dataset.id(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Marks the copy as in use for as long as {@code mapping} is reachable. */
    synchronized void inUse(String id, Object mapping) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.mapping = new WeakReference<>(mapping);
        }
    }

    /** Forgets a dataset that is gone from the store. */
    void drop(String id) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            remove(id);
        } finally {
            lock.unlock();
        }
    }

    private void fetch(StoredDataset dataset, Fetcher fetcher) {
        makeRoom(dataset.bytes(), dataset.id());
        Path staging = directory.newTemporary("fetch");
        String what = "the cached copy of dataset " + dataset.id();
        try (StagedFiles files = new StagedFiles(staging, dataset.id(), Long.MAX_VALUE, disk)) {
            dataset.files().forEach((name, file) -> files.plan(name, "from the store", file.bytes()));
            byte[] manifest = codec.write(dataset);
            files.plan(ManifestCodec.FILE, "JSON", manifest.length);
            files.claimSpace();
            for (String name : dataset.files().keySet()) {
                try (OutputStream out = files.create(name)) {
                    fetcher.fetch(name, out);
                }
            }
            if (!files.written().equals(dataset.files())) {
                throw damagedInStore(dataset, files.written().toString());
            }
            try (OutputStream out = files.create(ManifestCodec.FILE)) {
                out.write(manifest);
            }
            Files.move(staging, path(dataset.id()), StandardCopyOption.ATOMIC_MOVE);
            add(dataset, true);
        } catch (DatasetTooLargeException e) {
            throw damagedInStore(dataset, e.getMessage());
        } catch (IOException e) {
            throw disk.failure(what, e);
        } finally {
            DataDirectory.deleteQuietly(staging);
        }
    }

    private static IllegalStateException damagedInStore(StoredDataset dataset, String found) {
        return new IllegalStateException("the files of dataset " + dataset.id() + " in the store do not match its manifest "
                + dataset.files() + ": " + found);
    }

    /** What is wrong with the cached copy, or null when every file has its manifest's size and digest. */
    private String damage(StoredDataset dataset) {
        for (Map.Entry<String, StoredFile> file : dataset.files().entrySet()) {
            Path path = path(dataset.id()).resolve(file.getKey());
            try (FileSha256 sha256 = FileSha256.start(path)) {
                long bytes = Files.size(path);
                String digest = sha256.join();
                if (bytes != file.getValue().bytes() || !digest.equals(file.getValue().sha256())) {
                    return file.getKey() + " has " + bytes + " bytes with sha256 " + digest;
                }
            } catch (IOException e) {
                return file.getKey() + ": " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Evicts copies not in use, least recently used first, until {@code incoming} more bytes fit;
     * a copy being fetched or checked by another request is left alone.
     */
    private synchronized void makeRoom(long incoming, String except) {
        long used = entries.values().stream().mapToLong(e -> e.bytes).sum();
        List<Map.Entry<String, Entry>> idle = entries.entrySet().stream()
                .filter(e -> !e.getKey().equals(except) && e.getValue().mapping.get() == null)
                .sorted(Comparator.comparingLong(e -> e.getValue().lastUse))
                .toList();
        for (Map.Entry<String, Entry> candidate : idle) {
            if (used + incoming <= maxBytes) {
                break;
            }
            ReentrantLock lock = lock(candidate.getKey());
            if (lock.tryLock()) {
                try {
                    log.info("evicting dataset {} from the cache ({} bytes)", candidate.getKey(), candidate.getValue().bytes);
                    remove(candidate.getKey());
                    used -= candidate.getValue().bytes;
                } finally {
                    lock.unlock();
                }
            }
        }
        if (used + incoming > maxBytes) {
            log.info("the dataset cache takes {} with the next dataset, more than mixup.datasets.cache-bytes ({}): the datasets in use stay",
                    Sizes.describe(used + incoming), Sizes.describe(maxBytes));
        }
    }

    private synchronized Entry use(String id) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.lastUse = ++clock;
        }
        return entry;
    }

    private synchronized void add(StoredDataset dataset, boolean verified) {
        entries.put(dataset.id(), new Entry(dataset.bytes(), ++clock, verified));
    }

    /** Renamed out of {@code cache/} first, so a crash never leaves a partial copy there. */
    private synchronized void remove(String id) {
        entries.remove(id);
        Path doomed = directory.newTemporary("evicted");
        try {
            Files.move(path(id), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not remove the cached copy of dataset {}: {}", id, e.getMessage());
        }
        DataDirectory.deleteQuietly(doomed);
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, key -> new ReentrantLock());
    }

    private Path path(String id) {
        return directory.cache().resolve(id);
    }

    /** Copies from an earlier run count as least recently used in the order they were written, and are checked before use. */
    private void adoptEarlierCopies() throws IOException {
        List<Path> copies;
        try (Stream<Path> dirs = Files.list(directory.cache())) {
            copies = dirs.sorted(Comparator.comparingLong(DatasetCache::modified)).toList();
        }
        for (Path copy : copies) {
            try {
                add(codec.read(Files.readAllBytes(copy.resolve(ManifestCodec.FILE))), false);
            } catch (IOException | RuntimeException e) {
                log.warn("removing {} from the cache: {}", copy, e.getMessage());
                DataDirectory.deleteQuietly(copy);
            }
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
