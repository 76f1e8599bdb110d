package dev.mixup.dataset;

import java.util.Map;

/**
 * What a dataset's {@code manifest.json} holds: the dataset as the API shows it, plus its stored
 * files by name ({@code x.npy}, {@code label-<i>.npy}) with their sizes and digests. Manifests
 * written before the digests were recorded have no files listed.
 */
record StoredDataset(DatasetManifest manifest, Map<String, StoredFile> files) {

    StoredDataset {
        files = Map.copyOf(files);
    }

    String id() {
        return manifest.id();
    }

    /** What the stored files take, manifest aside. */
    long bytes() {
        return files.values().stream().mapToLong(StoredFile::bytes).sum();
    }
}
