package dev.mixup.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mixup.MixupProperties;
import dev.mixup.TestProperties;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registering and deleting datasets on disk. */
class DatasetServiceTests {

    @TempDir
    Path root;

    private DataDirectory directory;

    private DatasetService service() throws IOException {
        MixupProperties properties = TestProperties.with(root);
        directory = new DataDirectory(properties);
        ManifestCodec codec = new ManifestCodec(JsonMapper.builder().build());
        return new DatasetService(new LocalDatasetStore(directory, codec), directory, new DiskSpace(directory), codec, properties);
    }

    private static byte[] npz() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NpzWriter npz = new NpzWriter(out)) {
            npz.add("x", NpyDtype.UINT8, new long[] {4, 2, 2}, new byte[16], 0, 16);
            npz.add("y", NpyDtype.UINT8, new long[] {4}, new byte[] {0, 1, 0, 1}, 0, 4);
        }
        return out.toByteArray();
    }

    @Test
    void aDatasetWhoseRemovalFailsStaysAsItWas() throws IOException {
        DatasetService datasets = service();
        byte[] npz = npz();
        Dataset dataset = datasets.register("toy", new ByteArrayInputStream(npz), npz.length, ImportOptions.defaults());
        Path stored = directory.datasets().resolve(dataset.id());
        DataDirectory.deleteRecursively(directory.tmp());

        assertThatThrownBy(() -> datasets.delete(dataset.id())).isInstanceOf(UncheckedIOException.class);
        assertThat(datasets.get(dataset.id())).isSameAs(dataset);
        assertThat(datasets.count()).isOne();
        assertThat(stored.resolve(ManifestCodec.FILE)).isRegularFile();

        Files.createDirectories(directory.tmp());
        datasets.delete(dataset.id());
        assertThat(datasets.count()).isZero();
        assertThat(stored).doesNotExist();
        assertThat(directory.tmp()).isEmptyDirectory();
    }

    /** A request that looked the dataset up just before a delete moved its files away finds it gone, not broken. */
    @Test
    void aDatasetDeletedBeforeItIsMappedIsNotFound() throws IOException {
        DatasetService datasets = service();
        byte[] npz = npz();
        Dataset dataset = datasets.register("toy", new ByteArrayInputStream(npz), npz.length, ImportOptions.defaults());

        datasets.delete(dataset.id());

        assertThatThrownBy(dataset::samples).isInstanceOf(DatasetNotFoundException.class);
    }
}
