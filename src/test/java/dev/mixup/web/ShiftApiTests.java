package dev.mixup.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code width_shift_range} and {@code height_shift_range} over HTTP: int, fraction and pixel ranges, measured on ramps. */
class ShiftApiTests extends BatchApiTests {

    /**
     * How well a shift is measured from a ramp: float32 rounding of values below 256 is at most
     * 1.5e-5 and the ramps rise by at least 2 per pixel, so the estimate is good to ~1e-5 px.
     */
    private static final double SHIFT_PRECISION = 1e-3;

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
        for (Shifted image : shiftedImages(ramps, session)) {
            int dy = (int) Math.round(image.rowShift());
            int dx = (int) Math.round(image.colShift());
            assertThat(image.rowShift()).as("whole-pixel row shift").isCloseTo(dy, within(SHIFT_PRECISION));
            assertThat(image.colShift()).as("whole-pixel column shift").isCloseTo(dx, within(SHIFT_PRECISION));
            assertThat(image.out()).as("%s is the mix moved by (%d, %d), nothing else", image, dy, dx)
                    .containsExactly(shifted(ramps, image.mix(), dy, dx));
            rowShifts.add(dy);
            colShifts.add(dx);
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
        for (Shifted image : shiftedImages(ramps, session)) {
            assertThat(Math.abs(image.rowShift())).as("row shift of %s", image).isLessThan(maxRowShift);
            assertThat(Math.abs(image.colShift())).as("column shift of %s", image).isLessThan(maxColShift);
            // bilinear resampling of the mix at the measured shift, edges repeated (fill_mode nearest)
            float[] expected = shifted(ramps, image.mix(), image.rowShift(), image.colShift());
            double[] tolerance = channelTolerance(ramps, image.mix());
            for (int i = 0; i < expected.length; i++) {
                assertThat(image.out()[i]).as("value %d of %s", i, image)
                        .isCloseTo(expected[i], within((float) tolerance[i % ramps.channels()]));
            }
            rowShifts.add(image.rowShift());
            colShifts.add(image.colShift());
        }
        for (var shifts : List.of(Map.entry(rowShifts, maxRowShift), Map.entry(colShifts, maxColShift))) {
            double bound = shifts.getValue();
            assertThat(shifts.getKey()).as("shifts use the range, both ways").anyMatch(s -> s > bound / 2).anyMatch(s -> s < -bound / 2)
                    .as("float ranges shift by fractions of a pixel").anyMatch(s -> Math.abs(s - Math.rint(s)) > 0.1);
        }
    }

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

    /** Image {@code b} of {@code step}: the mix before the transform, what was served, and the shift measured between. */
    private record Shifted(long step, int b, float[] mix, float[] out, double rowShift, double colShift) {
        @Override
        public String toString() {
            return "image " + b + " of step " + step;
        }
    }

    /** Every image of the first {@code STEPS} steps of {@code session}, with its measured shift. */
    private List<Shifted> shiftedImages(Images ramps, String session) throws IOException {
        List<Shifted> images = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(ramps, b);
                float[] out = served.image(ramps, b, false);
                double[] shift = measureShift(ramps, mix, out);
                images.add(new Shifted(step, b, mix, out, shift[0], shift[1]));
            }
        }
        return images;
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
}
