package dev.mixup.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mixup.MixupProperties;
import dev.mixup.dataset.Dataset;
import dev.mixup.dataset.DatasetService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link BatchRecipe} of a session's settings and keeps recently used ones. A recipe is
 * derived from immutable settings, so dropping one only costs rebuilding it; what the kept recipes
 * retain (each its last epoch's sample order) is bounded by an eighth of the heap.
 */
@Component
class Recipes {

    private static final Logger log = LoggerFactory.getLogger(Recipes.class);

    private final DatasetService datasets;
    private final BatchLimits limits;
    private final long capacityBytes = Runtime.getRuntime().maxMemory() / 8;
    private final Map<String, BatchRecipe> recent = new LinkedHashMap<>(16, 0.75f, true);
    private long retainedBytes;

    Recipes(DatasetService datasets, MixupProperties properties, MemoryBudget budget) {
        this.datasets = datasets;
        this.limits = new BatchLimits(properties.maxBatchSize(), maxBatchBytes(properties, budget));
    }

    /** A batch must fit the memory budget several times over, or one session would starve all others. */
    private static long maxBatchBytes(MixupProperties properties, MemoryBudget budget) {
        if (properties.maxBatchBytes() == null) {
            return budget.capacityBytes() / 4;
        }
        long configured = properties.maxBatchBytes().toBytes();
        if (configured > budget.capacityBytes()) {
            log.warn("mixup.max-batch-bytes ({}) is more than mixup.batch-memory-bytes ({}); batches are limited to the latter",
                    configured, budget.capacityBytes());
            return budget.capacityBytes();
        }
        return configured;
    }

    /** Builds the recipe of a session's settings (as shown, seed included); IllegalArgumentException when they cannot work. */
    BatchRecipe build(SessionSpec settings, Dataset dataset) {
        return BatchRecipe.of(settings.resolve(), dataset, () -> datasets.featureStatistics(dataset), limits);
    }

    /** The recipe of a stored session; DatasetNotFoundException when its dataset is gone. */
    BatchRecipe of(StoredSession session) {
        synchronized (this) {
            BatchRecipe known = recent.get(session.id());
            if (known != null) {
                return known;
            }
        }
        BatchRecipe built = build(session.settings(), datasets.get(session.settings().datasetId()));
        remember(session.id(), built);
        return built;
    }

    synchronized void remember(String sessionId, BatchRecipe recipe) {
        BatchRecipe replaced = recent.put(sessionId, recipe);
        retainedBytes += recipe.retainedBytes() - (replaced == null ? 0 : replaced.retainedBytes());
        Iterator<BatchRecipe> eldest = recent.values().iterator();
        while (retainedBytes > capacityBytes && eldest.hasNext()) {
            retainedBytes -= eldest.next().retainedBytes();
            eldest.remove();
        }
    }

    synchronized void forget(String sessionId) {
        BatchRecipe removed = recent.remove(sessionId);
        if (removed != null) {
            retainedBytes -= removed.retainedBytes();
        }
    }
}
