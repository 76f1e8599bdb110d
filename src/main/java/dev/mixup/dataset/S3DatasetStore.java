package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.SampleSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Datasets in an S3-compatible object store, shared by every replica: {@code <prefix>manifests/<id>.json}
 * lists the committed datasets, {@code <prefix>datasets/<id>/} holds their files and statistics.
 * The files are uploaded first (in parts when large), the manifest last; deletion goes the other way.
 * Each replica serves from its own {@link DatasetCache}.
 * <p>
 * Every call has a bound: calls that move no data take at most {@code timeout}, retries included;
 * transfers may stall no longer than {@code timeout} and take at most {@code timeout} plus a second
 * per megabyte. A failure to reach the store is a {@link StoreUnavailableException}.
 */
final class S3DatasetStore implements DatasetStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3DatasetStore.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** Transfers slower than this count as a store that is down. */
    private static final long SLOWEST_BYTES_PER_SECOND = 1L << 20;

    private record Seen(StoredDataset dataset, long atNanos) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration timeout;
    private final long recheckNanos;
    private final long partBytes;
    private final DatasetCache cache;
    private final ManifestCodec codec;
    private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();

    S3DatasetStore(S3Client s3, DatasetStoreProperties.S3 properties, DatasetCache cache, ManifestCodec codec) {
        this.s3 = s3;
        this.bucket = properties.bucket();
        this.prefix = properties.prefix();
        this.timeout = properties.timeout();
        this.recheckNanos = properties.recheckInterval().toNanos();
        this.partBytes = properties.partSize().toBytes();
        this.cache = cache;
        this.codec = codec;
    }

    @Override
    public void commit(StoredDataset dataset, Path staged) throws IOException {
        List<String> uploaded = new ArrayList<>();
        try {
            for (Map.Entry<String, StoredFile> file : dataset.files().entrySet()) {
                String key = fileKey(dataset.id(), file.getKey());
                upload(key, staged.resolve(file.getKey()), file.getValue().bytes());
                uploaded.add(key);
            }
            byte[] manifest = Files.readAllBytes(staged.resolve(ManifestCodec.FILE));
            call("writing the manifest of dataset " + dataset.id(),
                    () -> s3.putObject(r -> r.bucket(bucket).key(manifestKey(dataset.id())).contentType("application/json")
                            .overrideConfiguration(bounded()), RequestBody.fromBytes(manifest)));
        } catch (RuntimeException | IOException e) {
            deleteQuietly(uploaded);
            throw e;
        }
        seen.put(dataset.id(), new Seen(dataset, System.nanoTime()));
        cache.adopt(dataset, staged);
    }

    @Override
    public List<StoredDataset> list() {
        long listedAt = System.nanoTime();
        Set<String> ids = new HashSet<>();
        call("listing datasets", () -> {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + "manifests/").overrideConfiguration(bounded()))
                    .contents().forEach(object -> ids.add(idOf(object)));
            return null;
        });
        List<StoredDataset> datasets = new ArrayList<>();
        for (String id : ids) {
            Seen known = seen.get(id);
            if (known != null) {
                datasets.add(known.dataset());
                seen.put(id, new Seen(known.dataset(), listedAt));
            } else {
                read(id).ifPresent(datasets::add);
            }
        }
        seen.forEach((id, known) -> {
            if (!ids.contains(id) && known.atNanos() - listedAt < 0) {
                forget(id);
            }
        });
        return datasets;
    }

    /** Asks the store unless this replica has seen the manifest within the recheck interval. */
    @Override
    public Optional<StoredDataset> find(String id) {
        Seen known = seen.get(id);
        if (known != null && System.nanoTime() - known.atNanos() < recheckNanos) {
            return Optional.of(known.dataset());
        }
        return read(id);
    }

    @Override
    public SampleSource open(StoredDataset dataset) throws IOException {
        Path files = cache.ensure(dataset, (name, out) -> download(fileKey(dataset.id(), name), dataset.files().get(name).bytes(), out));
        SampleSource mapped = Dataset.map(files, dataset.manifest());
        cache.inUse(dataset.id(), mapped);
        return mapped;
    }

    @Override
    public Optional<ChannelStatistics> statistics(StoredDataset dataset) throws IOException {
        ResponseInputStream<GetObjectResponse> in = call("reading the statistics of dataset " + dataset.id(), () -> {
            try {
                return s3.getObject(r -> r.bucket(bucket).key(fileKey(dataset.id(), FeatureStatistics.FILE)).overrideConfiguration(bounded()));
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
        if (in == null) {
            return Optional.empty();
        }
        try (in) {
            return Optional.of(FeatureStatistics.read(in));
        } catch (SdkException e) {
            throw unavailable("reading the statistics of dataset " + dataset.id(), e);
        }
    }

    @Override
    public void keepStatistics(StoredDataset dataset, Path file) throws IOException {
        upload(fileKey(dataset.id(), FeatureStatistics.FILE), file, Files.size(file));
        Files.delete(file);
    }

    /** Once the manifest is gone the dataset is deleted; files the store then fails to remove are only logged. */
    @Override
    public void delete(String id) {
        call("deleting the manifest of dataset " + id,
                () -> s3.deleteObject(r -> r.bucket(bucket).key(manifestKey(id)).overrideConfiguration(bounded())));
        forget(id);
        try {
            List<String> keys = new ArrayList<>();
            call("listing the files of dataset " + id, () -> {
                s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(fileKey(id, "")).overrideConfiguration(bounded()))
                        .contents().forEach(object -> keys.add(object.key()));
                return null;
            });
            deleteKeys(keys);
        } catch (StoreUnavailableException e) {
            log.warn("dataset {} is deleted, but its files stay under {}: {}", id, fileKey(id, ""), e.getMessage());
        }
        log.info("deleted dataset {} from s3://{}/{}", id, bucket, prefix);
    }

    @Override
    public void checkAvailable() {
        call("reaching the bucket", () -> s3.headBucket(r -> r.bucket(bucket).overrideConfiguration(bounded())));
    }

    @Override
    public String describe() {
        return "s3 " + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    private Optional<StoredDataset> read(String id) {
        byte[] manifest = call("reading the manifest of dataset " + id, () -> {
            try {
                return s3.getObjectAsBytes(r -> r.bucket(bucket).key(manifestKey(id)).overrideConfiguration(bounded())).asByteArray();
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
        if (manifest == null) {
            forget(id);
            return Optional.empty();
        }
        StoredDataset dataset = codec.read(manifest);
        seen.put(id, new Seen(dataset, System.nanoTime()));
        return Optional.of(dataset);
    }

    /** A dataset gone from the store: this replica forgets it and drops its copy. */
    private void forget(String id) {
        if (seen.remove(id) != null) {
            log.info("dataset {} is gone from the store; dropping its cached copy", id);
        }
        cache.drop(id);
    }

    private void upload(String key, Path file, long bytes) throws IOException {
        if (bytes <= partBytes) {
            call("uploading " + key, () -> s3.putObject(r -> r.bucket(bucket).key(key).overrideConfiguration(transfer(bytes)),
                    RequestBody.fromFile(file)));
            return;
        }
        String uploadId = call("starting the upload of " + key,
                () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key).overrideConfiguration(bounded())).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < bytes; offset += partBytes) {
                int number = parts.size() + 1;
                long length = Math.min(partBytes, bytes - offset);
                long start = offset;
                String etag = call("uploading part " + number + " of " + key, () -> s3.uploadPart(
                        r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).overrideConfiguration(transfer(length)),
                        RequestBody.fromContentProvider(() -> FileSlice.open(file, start, length), length, "application/octet-stream"))
                        .eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call("completing the upload of " + key, () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)).overrideConfiguration(bounded())));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).overrideConfiguration(bounded()));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private void download(String key, long bytes, OutputStream out) throws IOException {
        try (InputStream in = call("fetching " + key,
                () -> s3.getObject(r -> r.bucket(bucket).key(key).overrideConfiguration(transfer(bytes))))) {
            in.transferTo(out);
        } catch (SdkException e) {
            throw unavailable("fetching " + key, e);
        }
    }

    private void deleteQuietly(List<String> keys) {
        try {
            deleteKeys(keys);
        } catch (StoreUnavailableException e) {
            // no manifest points at them: they are invisible, and a retried upload gets a new id
            log.warn("could not remove {} objects of an abandoned upload: {}", keys.size(), e.getMessage());
        }
    }

    /**
     * One request per object: a dataset has a handful of files, and the batch DeleteObjects needs
     * checksum headers that not every S3-compatible store accepts.
     */
    private void deleteKeys(List<String> keys) {
        for (String key : keys) {
            call("deleting " + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key).overrideConfiguration(bounded())));
        }
    }

    private AwsRequestOverrideConfiguration bounded() {
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build();
    }

    private AwsRequestOverrideConfiguration transfer(long bytes) {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(timeout.plusSeconds(bytes / SLOWEST_BYTES_PER_SECOND)).build();
    }

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw unavailable(what, e);
        }
    }

    private StoreUnavailableException unavailable(String what, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() : e.getMessage();
        log.warn("the dataset store s3://{}/{} failed {}: {}", bucket, prefix, what, e.toString());
        return new StoreUnavailableException("the dataset store is unavailable (" + what + ": " + reason
                + "); nothing was changed, try again later", RETRY_AFTER, e);
    }

    private String manifestKey(String id) {
        return prefix + "manifests/" + id + ".json";
    }

    private String fileKey(String id, String file) {
        return prefix + "datasets/" + id + "/" + file;
    }

    private String idOf(S3Object manifest) {
        String name = manifest.key().substring(prefix.length() + "manifests/".length());
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }
}
