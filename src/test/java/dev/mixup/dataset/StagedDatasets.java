package dev.mixup.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.mixup.MixupProperties;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Datasets staged the way an upload stages them, ready for a store's commit. */
final class StagedDatasets {

    static final ManifestCodec CODEC = new ManifestCodec(JsonMapper.builder().build());

    private StagedDatasets() {
    }

    /** A data directory under {@code root}, as one replica's {@code mixup.data-dir}. */
    static DataDirectory directory(Path root) {
        MixupProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("mixup.data-dir", root.toString())))
                .bind("mixup", MixupProperties.class).get();
        return new DataDirectory(properties);
    }

    record Staged(StoredDataset dataset, Path directory) {
    }

    /** {@code samples} random 8x8x3 uint8 images with 10-class labels, converted and staged under {@code tmp/}. */
    static Staged stage(DataDirectory directory, int samples, long seed) throws IOException {
        byte[] x = new byte[samples * 8 * 8 * 3];
        new Random(seed).nextBytes(x);
        byte[] y = new byte[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = (byte) (i % 10);
        }
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        try (NpzWriter writer = new NpzWriter(npz)) {
            writer.add("x", NpyDtype.UINT8, new long[] {samples, 8, 8, 3}, x, 0, x.length);
            writer.add("y", NpyDtype.UINT8, new long[] {samples}, y, 0, y.length);
        }
        Path upload = directory.newTemporary("upload");
        Files.write(upload, npz.toByteArray());
        Path staging = directory.newTemporary("dataset");
        try (StagedFiles files = new StagedFiles(staging, "staged", Long.MAX_VALUE, new DiskSpace(directory))) {
            DatasetImporter.StoredArrays arrays = DatasetImporter.importArchive(upload, ImportOptions.defaults(), files);
            DatasetManifest manifest = new DatasetManifest(UUID.randomUUID().toString(), "staged-" + seed, arrays.samples(),
                    arrays.x(), arrays.labels(), npz.size(), "not checked here", Instant.now());
            StoredDataset dataset = new StoredDataset(manifest, files.written());
            byte[] json = CODEC.write(dataset);
            files.plan(ManifestCodec.FILE, "JSON", json.length);
            try (OutputStream out = files.create(ManifestCodec.FILE)) {
                out.write(json);
            }
            return new Staged(dataset, staging);
        } finally {
            Files.delete(upload);
        }
    }
}
