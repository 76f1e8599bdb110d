package dev.mixup.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The mixing policies over HTTP, checked with provenance and no datagen: CutMix's box and
 * {@code lam}, the switch and mix probabilities, label smoothing, and {@code mixup_off_epoch}.
 * The dataset has class-id labels {@code y} (one-hot encoded at upload) and float targets {@code t}.
 */
class MixingApiTests extends BatchApiTests {

    private static final int HEIGHT = 8;
    private static final int WIDTH = 10;

    private final Images images = Images.noise(SAMPLES, HEIGHT, WIDTH, 3, 0, 255, 81);

    private String upload() throws IOException {
        return api.uploadDataset(images.npz(CLASSES, true), "name=mixing&y=y,t");
    }

    @Test
    void cutMixTakesTheBoxFromTheSecondImageAndLamIsTheShareOfTheFirst() throws IOException {
        String session = api.openSession(settings(upload(), "\"batch_size\":16,\"seed\":1,\"alpha\":0,\"cutmix_alpha\":1.0"));
        int nonEmpty = 0;
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                int[] box = served.boxes()[b];
                assertThat(box).as("alpha 0: every sample is CutMix").isNotNull();
                assertThat(box[0]).isBetween(0, box[2]);
                assertThat(box[2]).isLessThanOrEqualTo(HEIGHT);
                assertThat(box[1]).isBetween(0, box[3]);
                assertThat(box[3]).isLessThanOrEqualTo(WIDTH);
                float[] x1 = images.image(served.index1()[b]);
                float[] x2 = images.image(served.index2()[b]);
                float[] out = served.image(images, b, false);
                for (int row = 0; row < HEIGHT; row++) {
                    for (int col = 0; col < WIDTH; col++) {
                        boolean inside = row >= box[0] && row < box[2] && col >= box[1] && col < box[3];
                        for (int c = 0; c < 3; c++) {
                            assertThat(at(images, out, row, col, c)).as("step %d, sample %d at (%d, %d)", step, b, row, col)
                                    .isEqualTo(at(images, inside ? x2 : x1, row, col, c));
                        }
                    }
                }
                int area = (box[2] - box[0]) * (box[3] - box[1]);
                assertThat(served.lam()[b]).as("correct_lam: 1 - box area / image area").isEqualTo((float) (1 - area / 80.0));
                assertLabels(served, b, 0);
                nonEmpty += area > 0 ? 1 : 0;
            }
        }
        assertThat(nonEmpty).isGreaterThan(STEPS * BATCH / 2);
    }

    @Test
    void switchAndMixProbabilitiesAreTheSharesOfCutMixAndOfMixedSamples() throws IOException {
        double mixProb = 0.6;
        double switchProb = 0.25;
        String session = api.openSession(settings(upload(), "\"batch_size\":16,\"seed\":2,\"alpha\":1.0,\"cutmix_alpha\":1.0,"
                + "\"mix_prob\":" + mixProb + ",\"switch_prob\":" + switchProb));
        int samples = 0;
        int mixed = 0;
        int cut = 0;
        for (int step = 0; step < 24; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++, samples++) {
                boolean isCut = served.boxes()[b] != null;
                // Beta(1, 1) weights are never exactly 1: lam = 1 without a box means not mixed
                if (isCut || served.lam()[b] < 1) {
                    mixed++;
                    cut += isCut ? 1 : 0;
                } else {
                    assertThat(served.image(images, b, false)).as("an unmixed sample is its first image")
                            .containsExactly(images.image(served.index1()[b]));
                }
                assertThat(served.image(images, b, false)).containsExactly(served.mix(images, b));
                assertLabels(served, b, 0);
            }
        }
        assertBinomial(mixed, samples, mixProb, "mixed samples");
        assertBinomial(cut, mixed, switchProb, "CutMix among the mixed");
    }

    @Test
    void labelSmoothingIsExactOnClassIdLabelsAndLeavesOtherLabelsAsUploaded() throws IOException {
        String dataset = upload();
        String session = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":3,\"alpha\":0.4,\"cutmix_alpha\":1.0,"
                + "\"label_smoothing\":0.1"));
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                assertLabels(served, b, 0.1);
            }
        }
        JsonNode labels = api.json(api.get("/v1/datasets/" + dataset)).get("labels");
        assertThat(labels.get(0).get("name").asString()).isEqualTo("y");
        assertThat(labels.get(0).get("one_hot_encoded").asBoolean()).as("class ids at upload").isTrue();
        assertThat(labels.get(1).get("one_hot_encoded").asBoolean()).as("float targets").isFalse();
    }

    @Test
    void labelSmoothingNeedsLabelsUploadedAsClassIds() throws IOException {
        String dataset = api.uploadDataset(images.npz(CLASSES, true), "name=targets&y=t");
        HttpResponse<byte[]> refused = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"label_smoothing\":0.1"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(refused).get("detail").asString()).contains("label_smoothing", "class ids");
        assertThat(api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16")).statusCode()).isEqualTo(201);
    }

    @Test
    void fromMixupOffEpochOnNothingIsMixedButAugmentationGoesOn() throws IOException {
        String dataset = upload();
        // 64 samples, batches of 16: epochs of 2 steps, so epoch 1 starts at step 2
        String session = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":4,\"alpha\":1.0,\"cutmix_alpha\":1.0,"
                + "\"mixup_off_epoch\":1,\"label_smoothing\":0.2"));
        String flipped = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":4,\"alpha\":1.0,\"cutmix_alpha\":1.0,"
                + "\"mixup_off_epoch\":1,\"datagen\":{\"horizontal_flip\":true}"));
        for (int step = 0; step < 6; step++) {
            Served served = served(session, step);
            Served augmented = served(flipped, step);
            int mixed = 0;
            for (int b = 0; b < BATCH; b++) {
                boolean unmixed = served.lam()[b] == 1 && served.boxes()[b] == null;
                mixed += unmixed ? 0 : 1;
                if (step >= 2) {
                    assertThat(unmixed).as("step %d, sample %d", step, b).isTrue();
                    assertThat(served.image(images, b, false)).containsExactly(images.image(served.index1()[b]));
                }
                assertLabels(served, b, 0.2);
            }
            assertThat(mixed).as("step %d", step).isEqualTo(step < 2 ? BATCH : 0);
            if (step >= 2) {
                int mirrored = 0;
                for (int b = 0; b < BATCH; b++) {
                    mirrored += Arrays.equals(augmented.image(images, b, false), images.image(augmented.index1()[b])) ? 0 : 1;
                }
                assertThat(mirrored).as("step %d: the datagen still flips unmixed images", step).isPositive();
            }
        }
    }

    @Test
    void plainMixupSessionsCutNothing() throws IOException {
        String session = api.openSession(settings(upload(), "\"batch_size\":16,\"seed\":5"));
        Served served = served(session, 0);
        for (int b = 0; b < BATCH; b++) {
            assertThat(served.boxes()[b]).isNull();
            assertThat(served.lam()[b]).isLessThan(1f);
            assertThat(served.image(images, b, false)).containsExactly(served.mix(images, b));
            assertLabels(served, b, 0);
        }
    }

    /**
     * {@code y}: one-hot class {@code n % CLASSES}, smoothed to {@code y * (1 - eps) + eps / K} in
     * double, then mixed with the sample's lam in float32; {@code t} (not class ids) mixed as uploaded.
     */
    private void assertLabels(Served served, int b, double eps) {
        int first = served.index1()[b];
        int second = served.index2()[b];
        float lam = served.lam()[b];
        float rest = 1 - lam;
        boolean mixed = lam < 1 || served.boxes()[b] != null;
        NpyArray y = served.arrays().get("y");
        for (int k = 0; k < CLASSES; k++) {
            float y1 = (float) ((first % CLASSES == k ? 1 : 0) * (1 - eps) + eps / CLASSES);
            float y2 = (float) ((second % CLASSES == k ? 1 : 0) * (1 - eps) + eps / CLASSES);
            float expected = mixed ? lam * y1 + rest * y2 : y1;
            assertThat((float) y.get((long) b * CLASSES + k)).as("y of sample %d, class %d", b, k).isEqualTo(expected);
        }
        NpyArray t = served.arrays().get("t");
        for (int k = 0; k < 2; k++) {
            float t1 = Images.target(first)[k];
            float t2 = Images.target(second)[k];
            assertThat((float) t.get(2L * b + k)).as("t of sample %d", b).isEqualTo(mixed ? lam * t1 + rest * t2 : t1);
        }
    }

    private static void assertBinomial(int count, int n, double p, String what) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).as("%s: binomial(%d, %s) within 4 sigma", what, n, p).isCloseTo(n * p, within(4 * sigma));
    }
}
