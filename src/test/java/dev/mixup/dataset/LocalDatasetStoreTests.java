package dev.mixup.dataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

/** The store contract on the data directory: two instances on one directory stand for two processes in turn. */
class LocalDatasetStoreTests extends DatasetStoreContract {

    @TempDir
    Path root;

    private final Map<String, DatasetStore> stores = new HashMap<>();
    private DataDirectory directory;

    @Override
    DatasetStore store(String replica) {
        return stores.computeIfAbsent(replica, name -> new LocalDatasetStore(directory(name), StagedDatasets.CODEC));
    }

    @Override
    DataDirectory directory(String replica) {
        if (directory == null) {
            directory = StagedDatasets.directory(root);
        }
        return directory;
    }
}
