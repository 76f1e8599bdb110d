package dev.mixup.client;

import java.io.File;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.mixup.generated.ApiClient;
import dev.mixup.generated.ApiException;
import dev.mixup.generated.api.BatchesApi;
import dev.mixup.generated.api.DatasetsApi;
import dev.mixup.generated.api.SessionsApi;
import dev.mixup.generated.model.Datagen;
import dev.mixup.generated.model.DatasetManifest;
import dev.mixup.generated.model.Eraser;
import dev.mixup.generated.model.SessionSettings;
import dev.mixup.generated.model.SessionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Java client generated from {@code openapi.yaml} ({@code openapi-generator}, library native; built by
 * this module's pom) uploads a dataset, opens a session with augmentation and fetches a batch.
 */
class GeneratedClientTests {

    @Test
    void aGeneratedClientTrainsOffTheService(@TempDir java.nio.file.Path dir) throws Exception {
        ApiClient api = new ApiClient();
        api.updateBaseUri(RunningService.shared().uri().toString());
        api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + RunningService.API_KEY));

        java.nio.file.Path npz = dir.resolve("data.npz");
        try (var out = Files.newOutputStream(npz)) {
            NpzWriter.write(java.util.Map.of("x", TestData.images(32, 4, 4, 3), "y", TestData.classIds(32, 3)), out);
        }
        DatasetManifest dataset = new DatasetsApi(api).uploadDataset(npz.toFile(), null, null, null, null);
        assertThat(dataset.getSamples()).isEqualTo(32);
        assertThat(dataset.getName()).isEqualTo("data");

        SessionSettings settings = new SessionSettings().datasetId(dataset.getId()).batchSize(4).seed(2L)
                .datagen(new Datagen().zoomRange(java.util.List.of(0.9, 1.1)).horizontalFlip(true))
                .eraser(new Eraser().p(0.5));
        SessionView session = new SessionsApi(api).openSession(settings);
        assertThat(session.getDatagen().getZoomRange()).isEqualTo(java.util.List.of(0.9, 1.1));
        assertThat(session.getStepsPerEpoch()).isEqualTo(4);

        File batch = new BatchesApi(api).getBatch(session.getId(), 1L, false);
        INDArray x;
        try (ZipFile zip = new ZipFile(batch)) {
            ZipEntry entry = zip.getEntry("x.npy");
            x = new NpyReader(zip.getInputStream(entry)).read();
        }
        assertThat(x.shape()).containsExactly(4, 4, 4, 3);
        MixupSession same = RunningService.shared().client().session(session.getId());
        assertThat(x).isEqualTo(same.batch(1).x());

        assertThatThrownBy(() -> new SessionsApi(api).getSession("nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
}
