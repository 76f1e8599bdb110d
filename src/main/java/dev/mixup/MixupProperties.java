package dev.mixup;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings ({@code mixup.*}; environment variables such as {@code MIXUP_DATA_DIR} work as usual).
 *
 * @param dataDir         where datasets and session state live; the only place the service writes
 * @param apiKey          when set, every call but the probes, metrics and (see {@code apiDocsPublic}) the docs needs
 *                        {@code Authorization: Bearer <key>}
 * @param apiDocsPublic   whether {@code /v3/api-docs} and the Swagger UI stay open when an API key is set
 * @param maxJsonBytes    largest accepted JSON request body
 * @param maxUploadBytes  largest accepted dataset upload
 * @param maxDatasetBytes largest a dataset may take on disk once expanded (images, one-hot labels,
 *                        statistics); unset means 4 x {@code maxUploadBytes}, room for a compressed upload
 * @param maxBatchSize    largest accepted {@code batch_size}
 * @param maxBatchBytes   largest accepted batch payload (x plus labels), so one request cannot exhaust the heap
 * @param maxStreamBatches largest {@code batches} of one {@code stream} call
 * @param sessionTtl      idle sessions are removed after this
 * @param prefetch        batches prepared ahead of an active session's position
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
        @DefaultValue("256MB") DataSize maxBatchBytes,
        @DefaultValue("10000") int maxStreamBatches,
        @DefaultValue("24h") Duration sessionTtl,
        @DefaultValue("2") int prefetch) {

    /** A compressed upload may expand this much before it needs {@code mixup.max-dataset-bytes} raised. */
    static final int DEFAULT_EXPANSION = 4;

    public MixupProperties {
        if (maxDatasetBytes == null) {
            long bytes = maxUploadBytes.toBytes();
            maxDatasetBytes = DataSize.ofBytes(bytes > Long.MAX_VALUE / DEFAULT_EXPANSION ? Long.MAX_VALUE : bytes * DEFAULT_EXPANSION);
        }
    }

    public boolean authEnabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
