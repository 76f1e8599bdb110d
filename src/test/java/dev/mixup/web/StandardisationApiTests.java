package dev.mixup.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code rescale} and sample-/feature-wise standardisation over HTTP, against Keras' {@code standardize()}. */
class StandardisationApiTests extends BatchApiTests {

    @Test
    void featurewiseStandardisationUsesTheDatasetsPerChannelStatistics() throws IOException {
        Images images = channelImages();
        String dataset = upload(images);
        double[][] statistics = channelStatistics(images);
        double[] mean = statistics[0];
        double[] std = statistics[1];

        HttpResponse<byte[]> created = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"alpha\":0.4,\"seed\":41,"
                + "\"datagen\":{\"featurewise_std_normalization\":true,\"rescale\":" + RESCALE + "}"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(api.json(created).get("datagen").get("featurewise_center").asBoolean())
                .as("std normalization implies centering, and the echo shows the effective setting").isTrue();
        String session = api.json(created).get("id").asString();
        float rescale = Float.parseFloat(RESCALE);
        double scale = Double.parseDouble(RESCALE);
        for (int step = 0; step < 2; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(images, b);
                float[] out = served.image(images, b, false);
                for (int i = 0; i < out.length; i++) {
                    int c = i % images.channels();
                    // Keras standardize(): rescale, then (x - mean) / (std + 1e-6), with the
                    // statistics of the rescaled dataset
                    double expected = (mix[i] * rescale - mean[c] * scale) / (std[c] * scale + 1e-6);
                    assertThat((double) out[i]).as("value %d of image %d, step %d", i, b, step).isCloseTo(expected, within(1e-4));
                }
            }
        }
    }

    @Test
    void featurewiseCentringGivesChannelMeansNearZeroOverManyBatches() throws IOException {
        Images images = channelImages();
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"alpha\":0.4,\"seed\":42,"
                + "\"datagen\":{\"featurewise_center\":true}"));
        double[] mean = channelStatistics(images)[0];
        List<double[]> imageMeans = new ArrayList<>();
        for (int step = 0; step < 4 * STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(images, b);
                float[] out = served.image(images, b, false);
                for (int i = 0; i < out.length; i++) {
                    assertThat((double) out[i]).isCloseTo(mix[i] - mean[i % images.channels()], within(1e-4));
                }
                imageMeans.add(channelMoments(images, out)[0]);
            }
        }
        for (int c = 0; c < images.channels(); c++) {
            assertNearOverImages(imageMeans, c, 0, "channel " + c + " mean");
        }
    }

    @Test
    void featurewiseStdNormalizationGivesUnitChannelStdOverManyBatches() throws IOException {
        Images images = channelImages();
        // alpha = 0.001: lam is almost always 0 or 1, so outputs are dataset images, standardised
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"alpha\":0.001,\"seed\":43,"
                + "\"datagen\":{\"featurewise_std_normalization\":true}"));
        List<double[]> imageMeans = new ArrayList<>();
        List<double[]> imageSquares = new ArrayList<>();
        int steps = 4 * STEPS;
        for (int step = 0; step < steps; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                // lam within 1e-6 of 0 or 1 changes no value below 256 by more than 2.6e-4
                if (Math.min(served.lam()[b], 1 - served.lam()[b]) < 1e-6) {
                    double[][] moments = channelMoments(images, served.image(images, b, false));
                    imageMeans.add(moments[0]);
                    imageSquares.add(moments[1]);
                }
            }
        }
        assertThat(imageSquares).as("almost every output is one unmixed image").hasSizeGreaterThan(steps * BATCH * 9 / 10);
        for (int c = 0; c < images.channels(); c++) {
            assertNearOverImages(imageMeans, c, 0, "channel " + c + " mean");
            // mean 0 and std 1 over the dataset means a mean square of 1
            assertNearOverImages(imageSquares, c, 1, "channel " + c + " mean square");
        }
    }

    @Test
    void samplewiseStandardisationCentresAndScalesEachImage() throws IOException {
        Images images = channelImages();
        String dataset = upload(images);
        String centred = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":44,\"datagen\":{\"samplewise_center\":true}"));
        HttpResponse<byte[]> created = api.postJson("/v1/sessions",
                settings(dataset, "\"batch_size\":16,\"seed\":44,\"datagen\":{\"samplewise_std_normalization\":true}"));
        assertThat(api.json(created).get("datagen").get("samplewise_center").asBoolean())
                .as("std normalization implies centering, and the echo shows the effective setting").isTrue();
        String normalised = api.json(created).get("id").asString();
        for (int step = 0; step < 2; step++) {
            Served servedCentred = served(centred, step);
            Served servedNormalised = served(normalised, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = servedCentred.mix(images, b);
                double sum = 0;
                for (float v : mix) {
                    sum += v;
                }
                float mixMean = (float) (sum / mix.length);
                float[] out = servedCentred.image(images, b, false);
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).isEqualTo(mix[i] - mixMean);
                }
                assertThat(moments(out)[0]).as("image %d mean", b).isCloseTo(0, within(1e-4));
                double[] normalisedMoments = moments(servedNormalised.image(images, b, false));
                assertThat(normalisedMoments[0]).as("image %d mean", b).isCloseTo(0, within(1e-4));
                assertThat(Math.sqrt(normalisedMoments[1])).as("image %d std", b).isCloseTo(1, within(1e-4));
            }
        }
    }

    /** 8x8 RGB uint8 images whose channels differ in level and whose brightness differs by image. */
    private static Images channelImages() {
        Images noise = Images.noise(SAMPLES, 8, 8, 3, 0, 40, 2);
        return Images.uint8(SAMPLES, 8, 8, 3,
                (n, row, col, c) -> 30 + 60 * c + 15 * (n % 4) + noise.values()[((n * 8 + row) * 8 + col) * 3 + c]);
    }

    /** Per-channel statistics of the whole dataset as Keras' fit() computes them: {mean, population std}. */
    private static double[][] channelStatistics(Images images) {
        int channels = images.channels();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        float[] values = images.values();
        for (int i = 0; i < values.length; i++) {
            sum[i % channels] += values[i];
        }
        double count = (double) values.length / channels;
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
        }
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - mean[i % channels];
            squares[i % channels] += d * d;
        }
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            std[c] = Math.sqrt(squares[c] / count);
        }
        return new double[][] {mean, std};
    }

    /** Per channel of one image: {mean, mean square}. */
    private static double[][] channelMoments(Images shape, float[] image) {
        int channels = shape.channels();
        double[] mean = new double[channels];
        double[] squares = new double[channels];
        for (int i = 0; i < image.length; i++) {
            mean[i % channels] += image[i];
            squares[i % channels] += (double) image[i] * image[i];
        }
        int pixels = image.length / channels;
        for (int c = 0; c < channels; c++) {
            mean[c] /= pixels;
            squares[c] /= pixels;
        }
        return new double[][] {mean, squares};
    }

    /** {mean, population variance} of all values of one image. */
    private static double[] moments(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        double mean = sum / image.length;
        double squares = 0;
        for (float v : image) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, squares / image.length};
    }

    /**
     * The average over images of a per-image statistic is within four standard errors (from the
     * spread between images) of what it must be over the whole dataset.
     */
    private static void assertNearOverImages(List<double[]> perImage, int channel, double expected, String what) {
        double[] values = perImage.stream().mapToDouble(v -> v[channel]).toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        double standardError = Math.sqrt(variance / values.length);
        assertThat(mean).as("%s over %d images (standard error %.2g)", what, values.length, standardError)
                .isCloseTo(expected, within(4 * standardError));
    }
}
