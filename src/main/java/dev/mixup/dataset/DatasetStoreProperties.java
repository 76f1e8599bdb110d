package dev.mixup.dataset;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where datasets are kept ({@code mixup.datasets.*}).
 *
 * @param store      {@code local}: {@code datasets/} under the data directory; {@code s3}: an S3-compatible
 *                   object store shared by every replica, each caching the files it serves under the data directory
 * @param cacheBytes with {@code s3}: the most the local copies of datasets not in use may take
 * @param s3         the object store, with {@code store=s3}
 */
@ConfigurationProperties("mixup.datasets")
public record DatasetStoreProperties(
        @DefaultValue("local") String store,
        @DefaultValue("10GB") DataSize cacheBytes,
        @DefaultValue S3 s3) {

    static final Set<String> STORES = Set.of("local", "s3");

    public DatasetStoreProperties {
        if (!STORES.contains(store)) {
            throw new IllegalArgumentException("mixup.datasets.store must be one of " + STORES + ", got '" + store + "'");
        }
        if (store.equals("s3") && (s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException("mixup.datasets.store=s3 needs mixup.datasets.s3.bucket");
        }
        if (cacheBytes.toBytes() < 0) {
            throw new IllegalArgumentException("mixup.datasets.cache-bytes must not be negative, got " + cacheBytes);
        }
    }

    /**
     * @param bucket          the bucket; it must exist
     * @param prefix          prepended to every key, so that several services can share a bucket
     * @param endpoint        the store's URL, for stores other than AWS S3 (MinIO, Ceph, ...)
     * @param pathStyle       address the bucket in the path ({@code http://host/bucket/key}), as most
     *                        stores other than AWS S3 need
     * @param region          the signing region; unset: the AWS SDK's default chain, or {@code us-east-1}
     *                        with an {@code endpoint}
     * @param timeout         the longest any call that moves no data may take, retries included, and the
     *                        longest a transfer may stall
     * @param recheckInterval how long a replica trusts that a dataset it has seen is still there before
     *                        asking the store again (a dataset deleted through another replica answers
     *                        404 here within this time)
     * @param partSize        files larger than this are uploaded in parts of this size (at least 5MB)
     */
    public record S3(
            String bucket,
            @DefaultValue("") String prefix,
            URI endpoint,
            @DefaultValue("false") boolean pathStyle,
            String region,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5s") Duration recheckInterval,
            @DefaultValue("64MB") DataSize partSize) {

        /** S3 refuses smaller parts, but for the last one. */
        static final long MIN_PART_BYTES = 5L << 20;

        public S3 {
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            if (!timeout.isPositive()) {
                throw new IllegalArgumentException("mixup.datasets.s3.timeout must be positive, got " + timeout);
            }
            if (recheckInterval.isNegative()) {
                throw new IllegalArgumentException("mixup.datasets.s3.recheck-interval must not be negative, got " + recheckInterval);
            }
            if (partSize.toBytes() < MIN_PART_BYTES) {
                throw new IllegalArgumentException("mixup.datasets.s3.part-size must be at least 5MB, got " + partSize);
            }
        }
    }
}
