package dev.mixup.web;

import dev.mixup.dataset.DatasetService;
import dev.mixup.session.MemoryBudget;
import dev.mixup.session.SessionService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The service's own meters, exported at /actuator/prometheus as mixup_*. */
@Component
class ServiceMetrics {

    private final Counter datasetsRegistered;
    private final Counter bytesUploaded;
    private final Counter sessionsCreated;
    private final Counter batchesServed;
    private final Counter bytesServed;

    ServiceMetrics(MeterRegistry registry, DatasetService datasets, SessionService sessions, MemoryBudget budget) {
        datasetsRegistered = Counter.builder("mixup.datasets.registered").description("datasets registered").register(registry);
        bytesUploaded = Counter.builder("mixup.upload.bytes").baseUnit("bytes").description("dataset bytes uploaded").register(registry);
        sessionsCreated = Counter.builder("mixup.sessions.opened").description("sessions opened").register(registry);
        batchesServed = Counter.builder("mixup.batches.served").description("batches served").register(registry);
        bytesServed = Counter.builder("mixup.batch.bytes.served").baseUnit("bytes").description("batch payload bytes served").register(registry);
        Gauge.builder("mixup.datasets.stored", datasets, DatasetService::count).description("datasets held").register(registry);
        Gauge.builder("mixup.sessions.open", sessions, SessionService::count).description("open sessions").register(registry);
        Gauge.builder("mixup.batch.memory.used", budget, b -> b.capacityBytes() - b.availableBytes()).baseUnit("bytes")
                .description("batch memory held by batches being produced, served or prefetched").register(registry);
        Gauge.builder("mixup.batch.memory.capacity", budget, MemoryBudget::capacityBytes).baseUnit("bytes")
                .description("mixup.batch-memory-bytes").register(registry);
    }

    void datasetRegistered(long bytes) {
        datasetsRegistered.increment();
        bytesUploaded.increment(bytes);
    }

    void sessionCreated() {
        sessionsCreated.increment();
    }

    void batchesServed(int batches, long bytes) {
        batchesServed.increment(batches);
        bytesServed.increment(bytes);
    }
}
