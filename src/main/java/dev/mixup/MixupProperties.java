package dev.mixup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings ({@code mixup.*}; environment variables such as {@code MIXUP_DATA_DIR} work as usual).
 *
 * @param dataDir              where datasets and session state live; the only place the service writes
 * @param apiKey               when set, every call but the probes, metrics and (see {@code apiDocsPublic}) the docs
 *                             needs {@code Authorization: Bearer <key>}
 * @param apiDocsPublic        whether {@code /v3/api-docs} and the Swagger UI stay open when an API key is set
 * @param maxJsonBytes         largest accepted JSON request body
 * @param maxUploadBytes       largest accepted dataset upload
 * @param maxDatasetBytes      largest a dataset may take on disk once expanded (images, one-hot labels,
 *                             statistics); unset means 4 x {@code maxUploadBytes}, room for a compressed upload
 * @param maxBatchSize         largest accepted {@code batch_size}
 * @param maxBatchBytes        largest accepted batch payload (x plus labels); unset: a quarter of {@code batchMemoryBytes}
 * @param maxStreamBatches     largest {@code batches} of one {@code stream} call
 * @param sessionTtl           idle sessions are removed after this
 * @param prefetch             batches prepared ahead of a session that is being read
 * @param maxSessions          open sessions; opening one more is refused ({@code 429})
 * @param sessionSweepInterval how often idle sessions are looked for (at most half of {@code sessionTtl})
 * @param sessions             where sessions are kept
 * @param batchMemoryBytes     heap that batches being produced, served or prefetched may hold together; unset: half the heap
 * @param batchMemoryWait      how long a request waits for batch memory before it is answered {@code 503}
 * @param prefetchTtl          prefetched batches not taken within this are dropped
 */
@ConfigurationProperties("mixup")
public record MixupProperties(
        @DefaultValue("./mixup-data") Path dataDir,
        String apiKey,
        @DefaultValue("true") boolean apiDocsPublic,
        @DefaultValue("1MB") DataSize maxJsonBytes,
        @DefaultValue("16GB") DataSize maxUploadBytes,
        DataSize maxDatasetBytes,
        @DefaultValue("4096") int maxBatchSize,
        DataSize maxBatchBytes,
        @DefaultValue("10000") int maxStreamBatches,
        @DefaultValue("24h") Duration sessionTtl,
        @DefaultValue("2") int prefetch,
        @DefaultValue("1000") int maxSessions,
        @DefaultValue("60s") Duration sessionSweepInterval,
        @DefaultValue Sessions sessions,
        DataSize batchMemoryBytes,
        @DefaultValue("5s") Duration batchMemoryWait,
        @DefaultValue("30s") Duration prefetchTtl) {

    /** A compressed upload may expand this much before it needs {@code mixup.max-dataset-bytes} raised. */
    static final int DEFAULT_EXPANSION = 4;

    public MixupProperties {
        if (maxDatasetBytes == null) {
            long bytes = maxUploadBytes.toBytes();
            maxDatasetBytes = DataSize.ofBytes(bytes > Long.MAX_VALUE / DEFAULT_EXPANSION ? Long.MAX_VALUE : bytes * DEFAULT_EXPANSION);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("mixup.max-sessions must be at least 1, got " + maxSessions);
        }
        if (!sessionTtl.isPositive() || !sessionSweepInterval.isPositive()) {
            throw new IllegalArgumentException("mixup.session-ttl and mixup.session-sweep-interval must be positive, got "
                    + sessionTtl + " and " + sessionSweepInterval);
        }
        if (!prefetchTtl.isPositive()) {
            throw new IllegalArgumentException("mixup.prefetch-ttl must be positive, got " + prefetchTtl);
        }
    }

    /**
     * How often idle sessions are really looked for: at most half the TTL, since the sweep also renews
     * the sessions being served, which must happen well within their TTL.
     */
    public Duration effectiveSweepInterval() {
        Duration half = sessionTtl.dividedBy(2);
        return sessionSweepInterval.compareTo(half) < 0 ? sessionSweepInterval : half;
    }

    public boolean authEnabled() {
        return apiKey != null && !apiKey.isBlank();
    }

    /**
     * @param store             {@code file}: {@code sessions/<id>.json} under the data directory; {@code redis}: the
     *                          Redis server at {@code spring.data.redis.url}, shared by every replica
     * @param idempotencyKeyTtl how long the steps a call claimed under an {@code Idempotency-Key} are remembered, so
     *                          that a retry of that call gets them again
     */
    public record Sessions(@DefaultValue("file") String store, @DefaultValue("5m") Duration idempotencyKeyTtl) {

        static final Set<String> STORES = Set.of("file", "redis");

        public Sessions {
            if (!STORES.contains(store)) {
                throw new IllegalArgumentException("mixup.sessions.store must be one of " + STORES + ", got '" + store + "'");
            }
            if (!idempotencyKeyTtl.isPositive()) {
                throw new IllegalArgumentException("mixup.sessions.idempotency-key-ttl must be positive, got " + idempotencyKeyTtl);
            }
        }
    }
}
