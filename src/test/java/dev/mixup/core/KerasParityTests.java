package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpzArchive;
import dev.mixup.testing.Python;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every datagen setting against the real Keras 3 {@code ImageDataGenerator}
 * ({@code src/test/resources/keras/keras_parity.py}): the random parameters of
 * {@code get_random_transform} as distributions (Kolmogorov-Smirnov, chi-square for the discrete
 * ones), and what {@code apply_transform} and {@code standardize} make of given parameters. Runs
 * where Keras imports with a backend, and PIL ({@code .ci/install-python-deps.sh}); with {@code CI=true} it must.
 *
 * <p>Keras 3's legacy generator swaps rows and columns (keras#17398): its {@code tx}
 * ({@code height_shift_range}) moves columns, its shear runs along the other axis, and on a
 * non-square image it turns about {@code ((W-1)/2, (H-1)/2)}. Its geometry on the transposed image,
 * transposed back, is the documented one, which is what the service does: that is compared.
 */
class KerasParityTests {

    private static final int DRAWS = 3000;
    private static final double P_MIN = 0.001;
    private static final ImageShape SQUARE = new ImageShape(9, 9, 2);
    /** PIL, and so Keras' brightness, takes 1, 3 or 4 channels. */
    private static final ImageShape RGB = new ImageShape(9, 9, 3);
    private static final Map<String, ToDoubleFunction<TransformParameters>> PARAMETERS = parameters();

    private static Path script;
    private static Map<String, double[]> keras;

    @BeforeAll
    static void runKeras(@TempDir Path dir) throws IOException, InterruptedException {
        script = dir.resolve("keras_parity.py");
        try (InputStream in = KerasParityTests.class.getResourceAsStream("/keras/keras_parity.py")) {
            Files.write(script, in.readAllBytes());
        }
        String source = Files.readString(script);
        Python.assumeRunsOrInCi("Keras 3 with a backend, and PIL (pip install keras==3.15.1 torch pillow)", source, "probe");
        Path cases = dir.resolve("cases.json");
        Files.writeString(cases, casesJson(), StandardCharsets.UTF_8);
        Path results = dir.resolve("keras.npz");
        Python.run(source, cases.toString(), results.toString());
        keras = readNpz(results);
    }

    // --- get_random_transform: the parameters, as distributions ---------------------------------

    /** A setting, as Keras and as the core take it, and the parameters it draws. */
    private record Draws(String name, String kerasSettings, ImageShape shape, DatagenSettings ours, boolean discrete,
                         List<String> drawn) {
    }

    private static List<Draws> draws() {
        ImageShape wide = new ImageShape(10, 20, 3);
        return List.of(
                new Draws("rotation", "{\"rotation_range\": 30}", SQUARE, DatagenSettings.builder().rotationRange(30.0).build(),
                        false, List.of("theta")),
                new Draws("fraction-shifts", "{\"width_shift_range\": 0.2, \"height_shift_range\": 0.1}", wide,
                        DatagenSettings.builder().widthShiftRange(ShiftRange.of(0.2)).heightShiftRange(ShiftRange.of(0.1)).build(),
                        false, List.of("tx", "ty")),
                new Draws("pixel-shifts", "{\"width_shift_range\": 2.5, \"height_shift_range\": 1.5}", wide,
                        DatagenSettings.builder().widthShiftRange(ShiftRange.of(2.5)).heightShiftRange(ShiftRange.of(1.5)).build(),
                        false, List.of("tx", "ty")),
                new Draws("int-shifts", "{\"width_shift_range\": 3, \"height_shift_range\": 2}", wide,
                        DatagenSettings.builder().widthShiftRange(ShiftRange.of(3)).heightShiftRange(ShiftRange.of(2)).build(),
                        true, List.of("tx", "ty")),
                new Draws("shear", "{\"shear_range\": 20}", SQUARE, DatagenSettings.builder().shearRange(20.0).build(),
                        false, List.of("shear")),
                new Draws("zoom-scalar", "{\"zoom_range\": 0.3}", SQUARE, DatagenSettings.builder().zoomRange(ZoomRange.of(0.3)).build(),
                        false, List.of("zx", "zy")),
                new Draws("zoom-pair", "{\"zoom_range\": [0.5, 1.5]}", SQUARE,
                        DatagenSettings.builder().zoomRange(ZoomRange.of(0.5, 1.5)).build(), false, List.of("zx", "zy")),
                new Draws("flips", "{\"horizontal_flip\": true, \"vertical_flip\": true}", SQUARE,
                        DatagenSettings.builder().horizontalFlip(true).verticalFlip(true).build(), true,
                        List.of("flip_horizontal", "flip_vertical")),
                new Draws("channel-shift", "{\"channel_shift_range\": 40}", SQUARE,
                        DatagenSettings.builder().channelShiftRange(40.0).build(), false, List.of("channel_shift_intensity")),
                new Draws("brightness", "{\"brightness_range\": [0.5, 1.5]}", SQUARE,
                        DatagenSettings.builder().brightnessRange(new Range(0.5, 1.5)).build(), false, List.of("brightness")));
    }

    @Test
    void everyRandomParameterHasKerasDistributionAndSwitchedOffOnesStayAtIdentity() {
        for (Draws setting : draws()) {
            Datagen datagen = new Datagen(setting.ours(), setting.shape(), null);
            List<TransformParameters> drawn = new ArrayList<>();
            for (int i = 0; i < DRAWS; i++) {
                drawn.add(datagen.randomParameters(SeededRandom.of(20_240_101, i)));
            }
            for (var parameter : PARAMETERS.entrySet()) {
                double[] theirs = keras.get(setting.name() + "." + parameter.getKey());
                double[] ours = drawn.stream().mapToDouble(parameter.getValue()).toArray();
                String what = setting.name() + ": " + parameter.getKey();
                if (!setting.drawn().contains(parameter.getKey())) {
                    double identity = identity(parameter.getKey());
                    assertThat(ours).as(what).containsOnly(identity);
                    assertThat(Arrays.stream(theirs).boxed()).as("Keras " + what).allMatch(v -> Double.isNaN(v) || v == identity);
                } else if (setting.discrete()) {
                    assertThat(counts(ours).keySet()).as(what).isEqualTo(counts(theirs).keySet());
                    assertThat(new ChiSquareTest().chiSquareTestDataSetsComparison(frequencies(ours, theirs), frequencies(theirs, ours)))
                            .as(what).isGreaterThan(P_MIN);
                } else {
                    assertThat(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(ours, theirs)).as(what).isGreaterThan(P_MIN);
                }
            }
        }
    }

    @Test
    void theComparisonTellsANeighbouringDistributionApart() {
        Datagen narrower = new Datagen(DatagenSettings.builder().rotationRange(27.0).build(), SQUARE, null);
        double[] ours = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            ours[i] = narrower.randomParameters(SeededRandom.of(20_240_101, i)).theta();
        }
        assertThat(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(ours, keras.get("rotation.theta"))).isLessThan(P_MIN);
    }

    // --- apply_transform and standardize: what given parameters do ------------------------------

    /** Parameters for {@code apply_transform}, compared on the transposed image unless {@code direct}. */
    private record Transform(String name, String kerasParams, String fillMode, ImageShape shape, boolean direct,
                             TransformParameters ours) {
    }

    private static List<Transform> transforms() {
        return List.of(
                geometry("rotation", "{\"theta\": 33}", "nearest", params(33, 0, 0, 0, 1, 1)),
                geometry("rotation-reflect", "{\"theta\": -71}", "reflect", params(-71, 0, 0, 0, 1, 1)),
                geometry("shear", "{\"shear\": 17}", "nearest", params(0, 0, 0, 17, 1, 1)),
                geometry("zoom", "{\"zx\": 0.8, \"zy\": 1.25}", "reflect", params(0, 0, 0, 0, 0.8, 1.25)),
                geometry("shifts", "{\"tx\": 1.5, \"ty\": -2.25}", "nearest", params(0, 1.5, -2.25, 0, 1, 1)),
                geometry("everything", "{\"theta\": -20, \"tx\": 0.7, \"ty\": 1.1, \"shear\": 8, \"zx\": 1.1, \"zy\": 0.9}",
                        "reflect", params(-20, 0.7, 1.1, 8, 1.1, 0.9)),
                new Transform("channel-shift", "{\"channel_shift_intensity\": 25}", "nearest", SQUARE, true,
                        new TransformParameters(0, 0, 0, 0, 1, 1, false, false, 25, 1)),
                new Transform("flip-horizontal", "{\"flip_horizontal\": true}", "nearest", SQUARE, true,
                        new TransformParameters(0, 0, 0, 0, 1, 1, true, false, 0, 1)),
                new Transform("flip-both", "{\"flip_horizontal\": true, \"flip_vertical\": true}", "nearest", SQUARE, true,
                        new TransformParameters(0, 0, 0, 0, 1, 1, true, true, 0, 1)));
    }

    private static Transform geometry(String name, String kerasParams, String fillMode, TransformParameters ours) {
        return new Transform(name, kerasParams, fillMode, SQUARE, false, ours);
    }

    @Test
    void geometryAndPixelStepsAreKerasOnTheDocumentedAxes() {
        for (Transform transform : transforms()) {
            Datagen datagen = new Datagen(DatagenSettings.builder().fillMode(FillMode.fromKerasName(transform.fillMode())).build(),
                    transform.shape(), null);
            float[] ours = datagen.applyTransform(transform.ours(), image(transform.shape(), 0), new float[transform.shape().size()]);
            assertThat(ours).as(transform.name()).containsExactly(floats(keras.get(transform.name())), within(1e-4f));
        }
    }

    @Test
    void rotationsZoomsAndShearsTurnAboutTheTrueCentre() {
        // a quarter turn of a square about (size - 1) / 2 moves every pixel onto a pixel: nothing
        // is interpolated or filled in, in Keras 3 as here (keras-preprocessing's size / 2 + 0.5 filled a row)
        TransformParameters quarter = params(90, 0, 0, 0, 1, 1);
        float[] ours = new Datagen(DatagenSettings.defaults(), SQUARE, null).applyTransform(quarter, image(SQUARE, 0), new float[SQUARE.size()]);
        assertThat(ours).containsExactly(floats(keras.get("quarter-turn")), within(1e-4f));
        float[] input = image(SQUARE, 0);
        for (int row = 0; row < 9; row++) {
            for (int col = 0; col < 9; col++) {
                assertThat(Images.at(ours, SQUARE, row, col, 1)).isEqualTo(Images.at(input, SQUARE, 8 - col, row, 1));
            }
        }
    }

    @Test
    void kerasThreeMovesColumnsForItsHeightShiftAndTheServiceDoesNot() {
        // keras#17398, not copied: Keras 3 given tx = 2 moves columns, which is this service's width shift
        Datagen datagen = new Datagen(DatagenSettings.defaults(), SQUARE, null);
        float[] widthShift = datagen.applyTransform(params(0, 0, 2, 0, 1, 1), image(SQUARE, 0), new float[SQUARE.size()]);
        float[] heightShift = datagen.applyTransform(params(0, 2, 0, 0, 1, 1), image(SQUARE, 0), new float[SQUARE.size()]);
        assertThat(widthShift).containsExactly(floats(keras.get("direct-tx")), within(1e-4f));
        assertThat(heightShift).isNotEqualTo(widthShift);
    }

    @Test
    void brightnessIsPilsWithoutItsRoundingToUint8() {
        for (double factor : new double[] {0.6, 1.3}) {
            Datagen datagen = new Datagen(DatagenSettings.defaults(), RGB, null);
            float[] ours = datagen.applyTransform(new TransformParameters(0, 0, 0, 0, 1, 1, false, false, 0, factor),
                    image(RGB, 0), new float[RGB.size()]);
            assertThat(ours).as("brightness %s", factor).containsExactly(floats(keras.get("brightness-" + factor)), within(1f));
        }
    }

    /** {@code standardize} after {@code fit} on the same images: Keras' settings and ours, in raw units. */
    private record Standardize(String name, String kerasSettings, DatagenSettings ours) {
    }

    private static final ImageShape SMALL = new ImageShape(5, 6, 3);
    private static final int SAMPLES = 7;

    private static List<Standardize> standardizations() {
        return List.of(
                new Standardize("rescale", "{\"rescale\": 0.00392156862745098}", DatagenSettings.builder().rescale(1 / 255.0).build()),
                new Standardize("samplewise", "{\"samplewise_center\": true, \"samplewise_std_normalization\": true}",
                        DatagenSettings.builder().samplewiseStdNormalization(true).build()),
                new Standardize("featurewise", "{\"rescale\": 0.5, \"featurewise_center\": true, \"featurewise_std_normalization\": true}",
                        DatagenSettings.builder().rescale(0.5).featurewiseStdNormalization(true).build()));
    }

    @Test
    void standardizeIsKerasAfterFitOnTheDataset() {
        for (Standardize case_ : standardizations()) {
            float[] ours = image(SMALL, 0);
            new Datagen(case_.ours(), SMALL, statistics()).standardize(ours);
            assertThat(ours).as(case_.name()).containsExactly(floats(keras.get(case_.name())), within(1e-5f));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String casesJson() {
        List<String> draws = draws().stream().map(d -> "{\"name\": \"" + d.name() + "\", \"settings\": " + d.kerasSettings()
                + ", \"shape\": " + shape(d.shape()) + ", \"seed\": 7, \"count\": " + DRAWS + "}").toList();
        List<String> transforms = new ArrayList<>(transforms().stream().map(t -> transformJson(t.name(), t.kerasParams(),
                t.fillMode(), t.shape(), !t.direct())).toList());
        transforms.add(transformJson("quarter-turn", "{\"theta\": 90}", "nearest", SQUARE, true));
        transforms.add(transformJson("direct-tx", "{\"tx\": 2}", "nearest", SQUARE, false));
        for (double factor : new double[] {0.6, 1.3}) {
            transforms.add(transformJson("brightness-" + factor, "{\"brightness\": " + factor + "}", "nearest", RGB, false));
        }
        List<String> standardize = standardizations().stream().map(s -> "{\"name\": \"" + s.name() + "\", \"settings\": "
                + s.kerasSettings() + ", \"shape\": " + shape(SMALL) + ", \"samples\": " + SAMPLES + "}").toList();
        return "{\"draws\": " + draws + ", \"transforms\": " + transforms + ", \"standardize\": " + standardize + "}";
    }

    private static String transformJson(String name, String params, String fillMode, ImageShape shape, boolean transpose) {
        return "{\"name\": \"" + name + "\", \"params\": " + params + ", \"settings\": {\"fill_mode\": \"" + fillMode
                + "\"}, \"shape\": " + shape(shape) + ", \"transpose\": " + transpose + "}";
    }

    private static String shape(ImageShape shape) {
        return "[" + shape.height() + ", " + shape.width() + ", " + shape.channels() + "]";
    }

    /** keras_parity.py's test image: whole numbers in [0, 255] that differ pixel to pixel. */
    private static float[] image(ImageShape shape, int n) {
        float[] image = new float[shape.size()];
        int i = 0;
        for (int r = 0; r < shape.height(); r++) {
            for (int col = 0; col < shape.width(); col++) {
                for (int ch = 0; ch < shape.channels(); ch++) {
                    image[i++] = (r * 7 + col * 13 + ch * 29 + r * col * 3 + n * 41) % 256;
                }
            }
        }
        return image;
    }

    /** Per-channel mean and population std of the SAMPLES images, in raw units, as the service computes them. */
    private static ChannelStatistics statistics() {
        int channels = SMALL.channels();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        for (int n = 0; n < SAMPLES; n++) {
            float[] image = image(SMALL, n);
            for (int i = 0; i < image.length; i++) {
                sum[i % channels] += image[i];
                squares[i % channels] += (double) image[i] * image[i];
            }
        }
        double count = (double) SAMPLES * SMALL.pixels();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            std[c] = Math.sqrt(squares[c] / count - mean[c] * mean[c]);
        }
        return new ChannelStatistics(mean, std);
    }

    private static TransformParameters params(double theta, double heightShift, double widthShift, double shear, double zx, double zy) {
        return new TransformParameters(theta, heightShift, widthShift, shear, zx, zy, false, false, 0, 1);
    }

    /** Keras' names of the drawn parameters, and ours. */
    private static Map<String, ToDoubleFunction<TransformParameters>> parameters() {
        Map<String, ToDoubleFunction<TransformParameters>> parameters = new TreeMap<>();
        parameters.put("theta", TransformParameters::theta);
        parameters.put("tx", TransformParameters::heightShift);
        parameters.put("ty", TransformParameters::widthShift);
        parameters.put("shear", TransformParameters::shear);
        parameters.put("zx", TransformParameters::zx);
        parameters.put("zy", TransformParameters::zy);
        parameters.put("flip_horizontal", p -> p.flipHorizontal() ? 1 : 0);
        parameters.put("flip_vertical", p -> p.flipVertical() ? 1 : 0);
        parameters.put("channel_shift_intensity", TransformParameters::channelShiftIntensity);
        parameters.put("brightness", TransformParameters::brightness);
        return parameters;
    }

    /** What "off" is: Keras draws nothing and leaves 0, 1 or None (NaN here). */
    private static double identity(String parameter) {
        return switch (parameter) {
            case "zx", "zy", "brightness" -> 1;
            default -> 0;
        };
    }

    private static Map<Double, Long> counts(double[] values) {
        Map<Double, Long> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }

    /** Counts of {@code values} for each distinct value of both samples, in one order. */
    private static long[] frequencies(double[] values, double[] other) {
        Map<Double, Long> counts = counts(values);
        Map<Double, Long> all = new TreeMap<>(counts);
        counts(other).keySet().forEach(v -> all.putIfAbsent(v, 0L));
        return all.keySet().stream().mapToLong(v -> counts.getOrDefault(v, 0L)).toArray();
    }

    private static float[] floats(double[] values) {
        assertThat(values).as("Keras computed this case").isNotNull();
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private static Map<String, double[]> readNpz(Path file) throws IOException {
        Map<String, double[]> arrays = new HashMap<>();
        try (NpzArchive npz = NpzArchive.open(file)) {
            for (String name : npz.names()) {
                NpyHeader header = npz.header(name);
                try (InputStream in = npz.openData(name)) {
                    ByteBuffer data = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                    double[] values = new double[(int) header.elementCount()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = header.dtype().getAsDouble(data, i * 8);
                    }
                    arrays.put(name, values);
                }
            }
        }
        return arrays;
    }
}
