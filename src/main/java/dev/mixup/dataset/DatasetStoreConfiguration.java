package dev.mixup.dataset;

import java.io.IOException;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The {@link DatasetStore} that {@code mixup.datasets.store} names. */
@Configuration(proxyBeanMethods = false)
class DatasetStoreConfiguration {

    @Bean
    DatasetStore datasetStore(DatasetStoreProperties properties, DataDirectory directory, DiskSpace disk, ManifestCodec codec)
            throws IOException {
        if (properties.store().equals("s3")) {
            DatasetCache cache = new DatasetCache(directory, disk, codec, properties.cacheBytes().toBytes());
            return new S3DatasetStore(s3Client(properties.s3()), properties.s3(), cache, codec);
        }
        return new LocalDatasetStore(directory, codec);
    }

    /**
     * Credentials come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY},
     * profiles, web identity, instance roles). Checksums are sent and checked only where S3 requires
     * them, which every S3-compatible store understands; the cache checks each file's SHA-256 itself.
     */
    static S3Client s3Client(DatasetStoreProperties.S3 properties) {
        Duration timeout = properties.timeout();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)
                        .connectionAcquisitionTimeout(timeout))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(properties.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        if (properties.region() != null && !properties.region().isBlank()) {
            builder.region(Region.of(properties.region()));
        } else if (properties.endpoint() != null) {
            builder.region(Region.US_EAST_1);
        }
        return builder.build();
    }
}
