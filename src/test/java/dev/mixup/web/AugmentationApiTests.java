package dev.mixup.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.mixup.npy.NpyDtype;
import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Augmentation parity over real HTTP: every datagen and eraser setting is checked against what
 * the served bytes must be, computed here from the uploaded images and the step's provenance
 * ({@code lam}, {@code index1}, {@code index2}), exactly wherever the arithmetic allows.
 */
class AugmentationApiTests extends RunningServiceTests {

    private static final int CLASSES = 4;
    private static final int BATCH = 16;
    /** 64 samples and batches of 16: two steps per epoch, so steps 0..3 show every sample twice. */
    private static final int SAMPLES = 64;
    private static final int STEPS = 4;
    /**
     * How well a shift is measured from a ramp: float32 rounding of values below 256 is at most
     * 1.5e-5 and the ramps rise by at least 2 per pixel, so the estimate is good to ~1e-5 px.
     */
    private static final double SHIFT_PRECISION = 1e-3;
    /** {@code rescale = 1/255} as JSON, as the README example writes it. */
    private static final String RESCALE = "0.00392156862745098";
    /** Erasing fills with values from [FILL_LOW, FILL_HIGH); the images below stay under FILL_LOW, so erased values are told apart. */
    private static final int FILL_LOW = 200;
    private static final int FILL_HIGH = 255;
    private static final int IMAGE_HIGH = 100;

    // --- shifts ---------------------------------------------------------------------------------

    @Test
    void intShiftRangesShiftByWholePixelsInsideTheOpenRange() throws IOException {
        Images ramps = ramps();
        String dataset = upload(ramps);
        int heightRange = 2;
        int widthRange = 3;
        HttpResponse<byte[]> created = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"alpha\":0.4,\"seed\":11,"
                + "\"datagen\":{\"height_shift_range\":" + heightRange + ",\"width_shift_range\":" + widthRange + "}"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode echo = api.json(created).get("datagen");
        assertThat(echo.get("height_shift_range").isIntegralNumber()).as("an int range is echoed as an int").isTrue();
        assertThat(echo.get("width_shift_range").isIntegralNumber()).isTrue();
        String session = api.json(created).get("id").asString();

        Set<Integer> rowShifts = new TreeSet<>();
        Set<Integer> colShifts = new TreeSet<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(ramps, b);
                float[] out = served.image(ramps, b, false);
                double[] shift = measureShift(ramps, mix, out);
                int dy = (int) Math.round(shift[0]);
                int dx = (int) Math.round(shift[1]);
                assertThat(shift[0]).as("whole-pixel row shift").isCloseTo(dy, within(SHIFT_PRECISION));
                assertThat(shift[1]).as("whole-pixel column shift").isCloseTo(dx, within(SHIFT_PRECISION));
                assertThat(out).as("step %d image %d is the mix moved by (%d, %d), nothing else", step, b, dy, dx)
                        .containsExactly(shifted(ramps, mix, dy, dx));
                rowShifts.add(dy);
                colShifts.add(dx);
            }
        }
        // Keras: an int n draws whole pixels from the open interval (-n, n)
        assertThat(rowShifts).containsExactlyElementsOf(IntStream.range(1 - heightRange, heightRange).boxed().toList());
        assertThat(colShifts).containsExactlyElementsOf(IntStream.range(1 - widthRange, widthRange).boxed().toList());
    }

    @Test
    void floatShiftRangesAreFractionsBelowOneAndPixelsFromOneOn() throws IOException {
        Images ramps = ramps();
        String dataset = upload(ramps);
        double heightFraction = 0.15;
        double widthFraction = 0.25;
        assertShiftsWithin(ramps, dataset, heightFraction, widthFraction,
                heightFraction * ramps.height(), widthFraction * ramps.width());
        double heightPixels = 1.5;
        double widthPixels = 2.5;
        assertShiftsWithin(ramps, dataset, heightPixels, widthPixels, heightPixels, widthPixels);
    }

    private void assertShiftsWithin(Images ramps, String dataset, double heightRange, double widthRange,
                                    double maxRowShift, double maxColShift) throws IOException {
        String session = api.openSession(settings(dataset, "\"batch_size\":16,\"alpha\":0.4,\"seed\":12,"
                + "\"datagen\":{\"height_shift_range\":" + heightRange + ",\"width_shift_range\":" + widthRange + "}"));
        List<Double> rowShifts = new ArrayList<>();
        List<Double> colShifts = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(ramps, b);
                float[] out = served.image(ramps, b, false);
                double[] shift = measureShift(ramps, mix, out);
                assertThat(Math.abs(shift[0])).as("row shift of image %d, step %d", b, step).isLessThan(maxRowShift);
                assertThat(Math.abs(shift[1])).as("column shift of image %d, step %d", b, step).isLessThan(maxColShift);
                // bilinear resampling of the mix at the measured shift, edges repeated (fill_mode nearest)
                float[] expected = shifted(ramps, mix, shift[0], shift[1]);
                double[] tolerance = channelTolerance(ramps, mix);
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).as("value %d of image %d, step %d", i, b, step)
                            .isCloseTo(expected[i], within((float) tolerance[i % ramps.channels()]));
                }
                rowShifts.add(shift[0]);
                colShifts.add(shift[1]);
            }
        }
        for (var shifts : List.of(Map.entry(rowShifts, maxRowShift), Map.entry(colShifts, maxColShift))) {
            double bound = shifts.getValue();
            assertThat(shifts.getKey()).as("shifts use the range, both ways").anyMatch(s -> s > bound / 2).anyMatch(s -> s < -bound / 2)
                    .as("float ranges shift by fractions of a pixel").anyMatch(s -> Math.abs(s - Math.rint(s)) > 0.1);
        }
    }

    // --- flips ----------------------------------------------------------------------------------

    @Test
    void flipsMirrorTheMixExactly() throws IOException {
        Images images = Images.noise(SAMPLES, 9, 12, 3, 0, 255, 3);
        String dataset = upload(images);
        assertFlips(images, dataset, "\"horizontal_flip\":true", Set.of(Flip.NONE, Flip.HORIZONTAL));
        assertFlips(images, dataset, "\"vertical_flip\":true", Set.of(Flip.NONE, Flip.VERTICAL));
        assertFlips(images, dataset, "\"horizontal_flip\":true,\"vertical_flip\":true", Set.of(Flip.values()));
    }

    private void assertFlips(Images images, String dataset, String datagen, Set<Flip> allowed) throws IOException {
        String session = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":21,\"datagen\":{" + datagen + "}"));
        Set<Flip> seen = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(images, b);
                float[] out = served.image(images, b, false);
                List<Flip> matches = Stream.of(Flip.values()).filter(f -> Arrays.equals(out, f.apply(images, mix))).toList();
                assertThat(matches).as("%s: image %d of step %d is the mix or its exact mirror", datagen, b, step).hasSize(1);
                assertThat(allowed).as(datagen).contains(matches.getFirst());
                seen.add(matches.getFirst());
            }
        }
        assertThat(seen).as("%s: every allowed flip happens", datagen).isEqualTo(allowed);
    }

    private enum Flip {
        NONE(false, false), HORIZONTAL(true, false), VERTICAL(false, true), BOTH(true, true);

        private final boolean columns;
        private final boolean rows;

        Flip(boolean columns, boolean rows) {
            this.columns = columns;
            this.rows = rows;
        }

        float[] apply(Images shape, float[] image) {
            int h = shape.height();
            int w = shape.width();
            int c = shape.channels();
            float[] flipped = new float[image.length];
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    int fromRow = rows ? h - 1 - row : row;
                    int fromCol = columns ? w - 1 - col : col;
                    System.arraycopy(image, (fromRow * w + fromCol) * c, flipped, (row * w + col) * c, c);
                }
            }
            return flipped;
        }
    }

    // --- random erasing -------------------------------------------------------------------------

    @Test
    void eraserWithPZeroErasesNothing() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 4);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":31,"
                + "\"eraser\":{\"p\":0,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                assertThat(served.image(images, b, false)).as("image %d of step %d", b, step).containsExactly(served.mix(images, b));
            }
        }
    }

    @Test
    void eraserWithPOneErasesOneRectangleWithinTheAreaAspectAndFillBounds() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 5);
        double sL = 0.1;
        double sH = 0.3;
        double r1 = 0.5;
        double r2 = 2;
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":32,\"eraser\":{\"p\":1,"
                + "\"s_l\":" + sL + ",\"s_h\":" + sH + ",\"r_1\":" + r1 + ",\"r_2\":" + r2
                + ",\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        double area = images.height() * images.width();
        Set<Float> fills = new HashSet<>();
        Set<Integer> widths = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] out = served.image(images, b, false);
                Rectangle box = erasedRectangle(images, out, served.mix(images, b));
                assertThat(box).as("p = 1: image %d of step %d is erased", b, step).isNotNull();
                // the paper's rectangle, in whole pixels: w = int(sqrt(s / r)), h = int(sqrt(s * r)),
                // s uniform in [s_l, s_h] * H * W, r = h / w uniform in [r_1, r_2]
                assertThat((double) box.height * box.width).as("area").isLessThanOrEqualTo(sH * area);
                assertThat((box.height + 1.0) * (box.width + 1.0)).as("area").isGreaterThan(sL * area);
                assertThat((box.height + 1.0) / box.width).as("aspect").isGreaterThan(r1);
                assertThat(box.height / (box.width + 1.0)).as("aspect").isLessThan(r2);
                float[] erased = box.values(images, out);
                assertThat(erased).as("one fill value per rectangle").containsOnly(erased[0]);
                assertThat(erased[0]).isGreaterThanOrEqualTo(FILL_LOW).isLessThanOrEqualTo(FILL_HIGH);
                fills.add(erased[0]);
                widths.add(box.width);
            }
        }
        assertThat(fills).as("every rectangle draws its own fill").hasSizeGreaterThan(STEPS * BATCH * 9 / 10);
        assertThat(widths).as("rectangles vary in size").hasSizeGreaterThan(2);
    }

    @Test
    void pixelLevelErasingDrawsAValuePerPixelAndChannel() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 6);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":33,"
                + "\"eraser\":{\"p\":1,\"pixel_level\":true,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < 2; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] out = served.image(images, b, false);
                Rectangle box = erasedRectangle(images, out, served.mix(images, b));
                assertThat(box).isNotNull();
                float[] erased = box.values(images, out);
                Set<Float> distinct = new HashSet<>();
                for (float v : erased) {
                    assertThat(v).isGreaterThanOrEqualTo(FILL_LOW).isLessThanOrEqualTo(FILL_HIGH);
                    distinct.add(v);
                }
                assertThat(distinct).as("image %d of step %d: a draw per value", b, step).hasSizeGreaterThan(erased.length * 9 / 10);
            }
        }
    }

    @Test
    void everyImageIsErasedWithPOneEvenWhenImagesAreTiny() throws IOException {
        // 4x5 pixels with the paper's area and aspect defaults: many draws give a rectangle less
        // than one pixel wide or high, which must not count as erasing the image
        Images images = Images.noise(SAMPLES, 4, 5, 3, 0, IMAGE_HIGH, 7);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":34,"
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                assertThat(erasedRectangle(images, served.image(images, b, false), served.mix(images, b)))
                        .as("p = 1: image %d of step %d is erased", b, step).isNotNull();
            }
        }
    }

    @Test
    void eraserWithPHalfErasesAboutHalfTheImages() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 8);
        double p = 0.5;
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":35,"
                + "\"eraser\":{\"p\":" + p + ",\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        int steps = 8;
        int erased = 0;
        for (int step = 0; step < steps; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                erased += erasedRectangle(images, served.image(images, b, false), served.mix(images, b)) == null ? 0 : 1;
            }
        }
        int n = steps * BATCH;
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) erased).as("binomial(%d, %s) within 4 sigma", n, p).isCloseTo(n * p, within(4 * sigma));
    }

    @Test
    void rescaleComesAfterErasingSoFillsAreRescaledToo() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, 255, 9);
        String dataset = upload(images);
        String common = "\"batch_size\":16,\"seed\":36,\"eraser\":{\"p\":1,\"v_l\":0,\"v_h\":255}";
        String raw = api.openSession(settings(dataset, common));
        String rescaled = api.openSession(settings(dataset, common + ",\"datagen\":{\"rescale\":" + RESCALE + "}"));
        // v_h = 255 and rescale = 1/255: the fills, rescaled like everything else, stay <= 1
        float rescale = Float.parseFloat(RESCALE); // Keras: x *= rescale on float32 data
        for (int step = 0; step < 2; step++) {
            Served before = served(raw, step);
            Served after = served(rescaled, step);
            for (int b = 0; b < BATCH; b++) {
                float[] erased = before.image(images, b, false);
                assertThat(erasedRectangle(images, erased, before.mix(images, b), 0, 255)).isNotNull();
                float[] out = after.image(images, b, false);
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).as("value %d of image %d, step %d", i, b, step).isEqualTo(erased[i] * rescale);
                    assertThat(out[i]).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void settingsThatCanNeverEraseAreRefusedAndCreateNoSession() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 10);
        String dataset = upload(images);
        int before = api.listAll("/v1/sessions").size();
        long filesBefore = sessionFiles();
        for (String eraser : List.of(
                "{\"p\":0.5,\"s_l\":0.9,\"s_h\":1,\"r_1\":3,\"r_2\":3.3}", // h = int(sqrt(0.9 * 192 * 3)) = 22 > 12 rows
                "{\"p\":0.5,\"s_l\":0.001,\"s_h\":0.002}", // at most 0.4 pixels: never a whole one
                "{\"p\":0.5,\"s_l\":1,\"s_h\":1,\"r_1\":1,\"r_2\":1}", // 13x13 in a 12x16 image
                "{\"p\":1.5}")) {
            HttpResponse<byte[]> response = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"eraser\":" + eraser));
            assertThat(response.statusCode()).as(eraser).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(eraser).hasValue("application/problem+json");
            assertThat(api.json(response).get("detail").asString()).as(eraser).containsAnyOf("eraser", "p must be");
        }
        assertThat(api.listAll("/v1/sessions").size()).isEqualTo(before);
        assertThat(sessionFiles()).isEqualTo(filesBefore);
    }

    // --- standardisation ------------------------------------------------------------------------

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
                if (Math.min(served.lam[b], 1 - served.lam[b]) < 1e-6) {
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

    // --- layouts, dtypes, determinism -----------------------------------------------------------

    @Test
    void grayscaleDatasetsComeBackInTheirRankWithEitherDataFormat() throws IOException {
        Images gray = Images.noise(32, 8, 9, 1, 0, IMAGE_HIGH, 11);
        String rank3 = upload(gray.grayscaleRank3());
        String rank4 = upload(gray);
        String augmentation = "\"batch_size\":8,\"alpha\":0.4,\"seed\":51,\"datagen\":{\"width_shift_range\":2,"
                + "\"height_shift_range\":0.2,\"horizontal_flip\":true,\"rotation_range\":15,\"featurewise_center\":true},"
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}";
        Map<String, long[]> shapes = Map.of(
                rank3 + "/channels_last", new long[] {8, 8, 9},
                rank3 + "/channels_first", new long[] {8, 8, 9},
                rank4 + "/channels_last", new long[] {8, 8, 9, 1},
                rank4 + "/channels_first", new long[] {8, 1, 8, 9});
        byte[] reference = null;
        for (var entry : shapes.entrySet()) {
            String[] key = entry.getKey().split("/");
            String session = api.openSession(settings(key[0], augmentation + ",\"data_format\":\"" + key[1] + "\""));
            Served served = served(session, 1);
            assertThat(served.x.shape()).as(entry.getKey()).containsExactly(entry.getValue());
            if (reference == null) {
                reference = served.x.data();
            }
            assertThat(served.x.data()).as("%s: the same values in every rank and layout", entry.getKey()).isEqualTo(reference);
            BufferedImage png = preview(session, 1, 2, 4, 1);
            assertThat(png.getWidth()).isEqualTo(4 * gray.width());
            assertThat(png.getHeight()).isEqualTo(2 * gray.height());
        }
        String erasing = api.openSession(settings(rank3, "\"batch_size\":8,\"seed\":52,\"data_format\":\"channels_first\","
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        Served served = served(erasing, 0);
        for (int b = 0; b < 8; b++) {
            assertThat(erasedRectangle(gray, served.image(gray, b, true), served.mix(gray, b))).as("grayscale image %d is erased", b).isNotNull();
        }
    }

    @Test
    void channelsFirstIsTheTransposeOfChannelsLast() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 12);
        String dataset = upload(images);
        String last = api.openSession(settings(dataset, everything() + ",\"data_format\":\"channels_last\""));
        String first = api.openSession(settings(dataset, everything() + ",\"data_format\":\"channels_first\""));
        for (int step = 0; step < 2; step++) {
            Served nhwc = served(last, step);
            Served nchw = served(first, step);
            assertThat(nchw.x.shape()).containsExactly(BATCH, 3, 7, 9);
            for (int b = 0; b < BATCH; b++) {
                assertThat(nchw.image(images, b, true)).as("image %d of step %d", b, step).containsExactly(nhwc.image(images, b, false));
            }
        }
    }

    @Test
    void float16OutputIsTheFloat32OutputRoundedToFloat16() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 13);
        String dataset = upload(images);
        String single = api.openSession(settings(dataset, everything()));
        String half = api.openSession(settings(dataset, everything() + ",\"dtype\":\"float16\""));
        for (int step = 0; step < 2; step++) {
            NpyArray x32 = served(single, step).x;
            NpyArray x16 = served(half, step).x;
            assertThat(x16.header().dtype()).isEqualTo(NpyDtype.FLOAT16);
            assertThat(x16.shape()).containsExactly(x32.shape());
            ByteBuffer halves = ByteBuffer.wrap(x16.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x16.data().length / Short.BYTES; i++) {
                assertThat(halves.getShort(i * Short.BYTES)).as("value %d of step %d", i, step)
                        .isEqualTo(Float.floatToFloat16((float) x32.get(i)));
            }
        }
    }

    @Test
    void everyStepIsAPureFunctionOfSeedAndStep() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 14);
        String dataset = upload(images);
        String session = api.openSession(settings(dataset, everything()));
        String twin = api.openSession(settings(dataset, everything()));
        List<byte[]> served = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            served.add(api.send("POST", "/v1/sessions/" + session + "/next?provenance=true", null, null, null).body());
        }
        for (int step = STEPS - 1; step >= 0; step--) {
            assertThat(served(twin, step).body).as("step %d, read backwards from a twin", step).isEqualTo(served.get(step));
        }
        assertThat(served.get(1)).isNotEqualTo(served.get(0));
        String otherSeed = api.openSession(settings(dataset, everything().replace("\"seed\":61", "\"seed\":62")));
        assertThat(served(otherSeed, 0).body).isNotEqualTo(served.getFirst());
    }

    // --- preview --------------------------------------------------------------------------------

    @Test
    void previewIsAPngGridOfTheRequestedSizeShowingTheBatch() throws IOException {
        Images images = Images.noise(SAMPLES, 6, 7, 3, 0, 255, 15);
        String dataset = upload(images);
        String last = api.openSession(settings(dataset, everything().replace("\"batch_size\":16", "\"batch_size\":8")));
        String first = api.openSession(settings(dataset, everything().replace("\"batch_size\":16", "\"batch_size\":8")
                + ",\"data_format\":\"channels_first\""));
        int rows = 2;
        int cols = 3;
        int step = 2;
        BufferedImage grid = preview(last, step, rows, cols, 1);
        assertThat(grid.getWidth()).isEqualTo(cols * images.width());
        assertThat(grid.getHeight()).isEqualTo(rows * images.height());

        // each value stretched from the grid's min..max to 0..255
        Served served = served(last, step);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int n = 0; n < rows * cols; n++) {
            for (float v : served.image(images, n, false)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        for (int n = 0; n < rows * cols; n++) {
            float[] image = served.image(images, n, false);
            for (int row = 0; row < images.height(); row++) {
                for (int col = 0; col < images.width(); col++) {
                    int rgb = grid.getRGB((n % cols) * images.width() + col, (n / cols) * images.height() + row);
                    for (int c = 0; c < 3; c++) {
                        float v = image[(row * images.width() + col) * 3 + c];
                        int shown = rgb >> (16 - 8 * c) & 0xFF;
                        assertThat((double) shown).as("image %d (%d, %d) channel %d", n, row, col, c)
                                .isCloseTo((v - min) / (max - min) * 255, within(1.0));
                    }
                }
            }
        }

        assertThat(pixels(preview(first, step, rows, cols, 1))).as("channels_first shows the same picture").isEqualTo(pixels(grid));
        int scale = 3;
        BufferedImage scaled = preview(last, step, rows, cols, scale);
        assertThat(scaled.getWidth()).isEqualTo(cols * images.width() * scale);
        assertThat(scaled.getHeight()).isEqualTo(rows * images.height() * scale);
        for (int y = 0; y < scaled.getHeight(); y++) {
            for (int x = 0; x < scaled.getWidth(); x++) {
                assertThat(scaled.getRGB(x, y)).isEqualTo(grid.getRGB(x / scale, y / scale));
            }
        }
        assertThat(api.json(api.get("/v1/sessions/" + last)).get("position").get("step").asLong())
                .as("a preview does not move the position").isZero();

        for (String query : List.of("rows=3&cols=3", "rows=0&cols=2", "rows=1&cols=2&scale=0")) {
            HttpResponse<byte[]> refused = api.get("/v1/sessions/" + last + "/preview.png?step=0&" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
    }

    @Test
    void previewsLargerThanTheLimitAreRefused() throws IOException {
        int grid = 4;
        int scale = 8;
        // one pixel more per side than a grid x grid preview at this scale may have
        int side = (int) Math.sqrt(PreviewController.MAX_PIXELS) / (grid * scale) + 1;
        Images images = Images.noise(2 * grid * grid, side, side, 1, 0, 255, 16);
        String session = api.openSession(settings(upload(images), "\"batch_size\":" + grid * grid + ",\"seed\":71"));
        HttpResponse<byte[]> refused = api.get("/v1/sessions/" + session + "/preview.png?rows=" + grid + "&cols=" + grid + "&scale=" + scale);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(refused).get("detail").asString()).contains("lower rows, cols or scale");
        BufferedImage smaller = preview(session, 0, grid, grid, scale / 2);
        assertThat(smaller.getWidth()).isEqualTo(grid * side * scale / 2);
    }

    // --- helpers --------------------------------------------------------------------------------

    /**
     * 10x12 RGB uint8 images whose channel 0 rises along the rows only and channel 1 along the
     * columns only (slopes 2..8 per pixel, varying by image), channel 2 noise: a shift of the
     * content shows in channels 0 and 1 as an offset that measures it.
     */
    private static Images ramps() {
        Images noise = Images.noise(SAMPLES, 10, 12, 1, 0, 255, 1);
        return Images.uint8(SAMPLES, 10, 12, 3, (n, row, col, c) -> switch (c) {
            case 0 -> (2 + n % 7) * row + n % 13;
            case 1 -> (2 + 3 * n % 7) * col + 5 * n % 11;
            default -> noise.values()[(n * 10 + row) * 12 + col];
        });
    }

    /** 8x8 RGB uint8 images whose channels differ in level and whose brightness differs by image. */
    private static Images channelImages() {
        Images noise = Images.noise(SAMPLES, 8, 8, 3, 0, 40, 2);
        return Images.uint8(SAMPLES, 8, 8, 3,
                (n, row, col, c) -> 30 + 60 * c + 15 * (n % 4) + noise.values()[((n * 8 + row) * 8 + col) * 3 + c]);
    }

    /** A session with every kind of augmentation at once. */
    private static String everything() {
        return "\"batch_size\":16,\"alpha\":0.4,\"seed\":61,\"datagen\":{\"width_shift_range\":2,\"height_shift_range\":0.1,"
                + "\"horizontal_flip\":true,\"vertical_flip\":true,\"rotation_range\":20,\"zoom_range\":0.1,\"shear_range\":5,"
                + "\"channel_shift_range\":10,\"brightness_range\":[0.8,1.2],\"fill_mode\":\"reflect\",\"rescale\":" + RESCALE
                + ",\"featurewise_center\":true},\"eraser\":{\"p\":0.5,\"pixel_level\":true}";
    }

    private static String settings(String datasetId, String fields) {
        return "{\"dataset_id\":\"" + datasetId + "\"," + fields + "}";
    }

    private String upload(Images images) throws IOException {
        return api.uploadDataset(images.npz(CLASSES), "name=augmentation");
    }

    private Served served(String session, long step) throws IOException {
        HttpResponse<byte[]> response = api.get("/v1/sessions/" + session + "/batches/" + step + "?provenance=true");
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        Map<String, NpyArray> arrays = ApiClient.readNpz(response.body());
        int batch = (int) arrays.get("lam").shape()[0];
        float[] lam = new float[batch];
        int[] index1 = new int[batch];
        int[] index2 = new int[batch];
        for (int b = 0; b < batch; b++) {
            lam[b] = (float) arrays.get("lam").get(b);
            index1[b] = (int) arrays.get("index1").get(b);
            index2[b] = (int) arrays.get("index2").get(b);
        }
        return new Served(response.body(), arrays.get("x"), lam, index1, index2);
    }

    private BufferedImage preview(String session, long step, int rows, int cols, int scale) throws IOException {
        HttpResponse<byte[]> response = api.get("/v1/sessions/" + session + "/preview.png?step=" + step + "&rows=" + rows
                + "&cols=" + cols + "&scale=" + scale);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(png).as("decodes as an image").isNotNull();
        return png;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private long sessionFiles() throws IOException {
        Path sessions = dataDirectory.sessions();
        if (!Files.isDirectory(sessions)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(sessions)) {
            return files.count();
        }
    }

    /** One step as served, with provenance. */
    private record Served(byte[] body, NpyArray x, float[] lam, int[] index1, int[] index2) {

        /** What the service mixed for output image b, before any augmentation. */
        float[] mix(Images images, int b) {
            return images.mix(lam[b], index1[b], index2[b]);
        }

        /** Output image b as HWC floats. */
        float[] image(Images images, int b, boolean channelsFirst) {
            int h = images.height();
            int w = images.width();
            int channels = images.channels();
            float[] hwc = new float[images.size()];
            long base = (long) b * images.size();
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    for (int c = 0; c < channels; c++) {
                        long at = channelsFirst ? base + ((long) c * h + row) * w + col : base + ((long) row * w + col) * channels + c;
                        hwc[(row * w + col) * channels + c] = (float) x.get(at);
                    }
                }
            }
            return hwc;
        }
    }

    /** {row shift, column shift} of out against mix, read off the ramps at the image centre. */
    private static double[] measureShift(Images ramps, float[] mix, float[] out) {
        int row = ramps.height() / 2;
        int col = ramps.width() / 2;
        double rowSlope = at(ramps, mix, row + 1, col, 0) - at(ramps, mix, row, col, 0);
        double colSlope = at(ramps, mix, row, col + 1, 1) - at(ramps, mix, row, col, 1);
        return new double[] {
                (at(ramps, out, row, col, 0) - at(ramps, mix, row, col, 0)) / rowSlope,
                (at(ramps, out, row, col, 1) - at(ramps, mix, row, col, 1)) / colSlope};
    }

    /**
     * The image read at (row + dy, col + dx) with bilinear interpolation, outside points taking
     * the nearest edge pixel (Keras' default fill_mode); exact for whole-pixel shifts.
     */
    private static float[] shifted(Images shape, float[] image, double dy, double dx) {
        int h = shape.height();
        int w = shape.width();
        float[] out = new float[image.length];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                double y = row + dy;
                double x = col + dx;
                int top = (int) Math.floor(y);
                int left = (int) Math.floor(x);
                double fy = y - top;
                double fx = x - left;
                int r0 = Math.clamp(top, 0, h - 1);
                int r1 = Math.clamp(top + 1, 0, h - 1);
                int c0 = Math.clamp(left, 0, w - 1);
                int c1 = Math.clamp(left + 1, 0, w - 1);
                for (int c = 0; c < shape.channels(); c++) {
                    out[(row * w + col) * shape.channels() + c] = (float) ((1 - fy) * (1 - fx) * at(shape, image, r0, c0, c)
                            + (1 - fy) * fx * at(shape, image, r0, c1, c) + fy * (1 - fx) * at(shape, image, r1, c0, c)
                            + fy * fx * at(shape, image, r1, c1, c));
                }
            }
        }
        return out;
    }

    /**
     * Per channel: how far a value may be off when the shift is only known to SHIFT_PRECISION,
     * twice the largest step between neighbouring pixels times that precision.
     */
    private static double[] channelTolerance(Images shape, float[] image) {
        double[] tolerance = new double[shape.channels()];
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col++) {
                for (int c = 0; c < shape.channels(); c++) {
                    double v = at(shape, image, row, col, c);
                    double down = row + 1 < shape.height() ? Math.abs(at(shape, image, row + 1, col, c) - v) : 0;
                    double right = col + 1 < shape.width() ? Math.abs(at(shape, image, row, col + 1, c) - v) : 0;
                    tolerance[c] = Math.max(tolerance[c], 2 * SHIFT_PRECISION * (down + right));
                }
            }
        }
        return tolerance;
    }

    private static float at(Images shape, float[] image, int row, int col, int channel) {
        return image[(row * shape.width() + col) * shape.channels() + channel];
    }

    /** {top, left, height, width} of an erased rectangle. */
    private record Rectangle(int top, int left, int height, int width) {

        float[] values(Images shape, float[] image) {
            float[] values = new float[height * width * shape.channels()];
            int i = 0;
            for (int row = top; row < top + height; row++) {
                for (int col = left; col < left + width; col++) {
                    for (int c = 0; c < shape.channels(); c++) {
                        values[i++] = at(shape, image, row, col, c);
                    }
                }
            }
            return values;
        }
    }

    /**
     * Where out differs from mix, or null when nowhere; asserts the erased values fill exactly one
     * rectangle, every channel of it, and lie in the fill range (by default [FILL_LOW, FILL_HIGH], above the images' values).
     */
    private static Rectangle erasedRectangle(Images shape, float[] out, float[] mix) {
        return erasedRectangle(shape, out, mix, FILL_LOW, FILL_HIGH);
    }

    private static Rectangle erasedRectangle(Images shape, float[] out, float[] mix, double fillLow, double fillHigh) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        int count = 0;
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col++) {
                for (int c = 0; c < shape.channels(); c++) {
                    int i = (row * shape.width() + col) * shape.channels() + c;
                    if (out[i] != mix[i]) {
                        assertThat((double) out[i]).as("an erased value").isBetween(fillLow, fillHigh);
                        top = Math.min(top, row);
                        left = Math.min(left, col);
                        bottom = Math.max(bottom, row + 1);
                        right = Math.max(right, col + 1);
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            return null;
        }
        assertThat(count).as("erased values form one full rectangle").isEqualTo((bottom - top) * (right - left) * shape.channels());
        return new Rectangle(top, left, bottom - top, right - left);
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
