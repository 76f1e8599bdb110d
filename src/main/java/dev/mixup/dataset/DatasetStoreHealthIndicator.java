package dev.mixup.dataset;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code datasetStore} in the readiness group: a replica that cannot reach the dataset store takes
 * no traffic until it can again, while its liveness stays up (restarting it would not help).
 */
@Component
class DatasetStoreHealthIndicator implements HealthIndicator {

    private final DatasetStore store;

    DatasetStoreHealthIndicator(DatasetStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.checkAvailable();
            return Health.up().withDetail("store", store.describe()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("store", store.describe()).withDetail("error", e.getMessage()).build();
        }
    }
}
