package dev.mixup.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.mixup.MixupProperties;
import dev.mixup.TestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What a killed process leaves behind is cleared at the next start; a dataset is there whole or not at all. */
class DataDirectoryTests {

    @TempDir
    Path root;

    private MixupProperties properties() {
        return TestProperties.with(root);
    }

    @Test
    void startClearsWhatAnInterruptedUploadLeftInTmp() throws Exception {
        Files.createDirectories(root.resolve("tmp/dataset-123"));
        Files.writeString(root.resolve("tmp/dataset-123/x.npy"), "half written");
        Files.writeString(root.resolve("tmp/upload-456"), "half uploaded");

        DataDirectory directory = new DataDirectory(properties());

        assertThat(directory.tmp()).isEmptyDirectory();
        assertThat(directory.datasets()).isDirectory();
        assertThat(directory.sessions()).isDirectory();
    }

    @Test
    void aDatasetDirectoryWithoutManifestIsNotADataset() throws Exception {
        Files.createDirectories(root.resolve("datasets/orphan"));
        Files.writeString(root.resolve("datasets/orphan/x.npy"), "no manifest: never committed");

        DataDirectory directory = new DataDirectory(properties());
        DatasetService datasets = new DatasetService(directory, new DiskSpace(directory), JsonMapper.builder().build(), properties());

        assertThat(datasets.count()).isZero();
    }
}
