package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AffineSamplerTests {

    private static final ImageShape ROW = new ImageShape(1, 4, 1);
    private static final float[] ABCD = {1, 2, 3, 4};
    private static final double CVAL = 9;

    /** Output pixel c reads input column c + shift; expected values follow Keras' fill_mode pictures. */
    static Stream<Arguments> columnShifts() {
        return Stream.of(
                arguments(FillMode.CONSTANT, 2, new float[] {3, 4, 9, 9}),
                arguments(FillMode.CONSTANT, 9, new float[] {9, 9, 9, 9}),
                arguments(FillMode.CONSTANT, 0.5, new float[] {1.5f, 2.5f, 3.5f, 6.5f}),
                arguments(FillMode.CONSTANT, -0.5, new float[] {5, 1.5f, 2.5f, 3.5f}),
                arguments(FillMode.CONSTANT, -1.25, new float[] {9, 3, 1.75f, 2.75f}),
                arguments(FillMode.NEAREST, 2, new float[] {3, 4, 4, 4}),
                arguments(FillMode.NEAREST, 9, new float[] {4, 4, 4, 4}),
                arguments(FillMode.NEAREST, 0.5, new float[] {1.5f, 2.5f, 3.5f, 4}),
                arguments(FillMode.NEAREST, -0.5, new float[] {1, 1.5f, 2.5f, 3.5f}),
                arguments(FillMode.NEAREST, -1.25, new float[] {1, 1, 1.75f, 2.75f}),
                arguments(FillMode.REFLECT, 2, new float[] {3, 4, 4, 3}),
                arguments(FillMode.REFLECT, 5, new float[] {3, 2, 1, 1}),
                arguments(FillMode.REFLECT, 9, new float[] {2, 3, 4, 4}),
                arguments(FillMode.REFLECT, -6, new float[] {3, 4, 4, 3}),
                arguments(FillMode.REFLECT, 0.5, new float[] {1.5f, 2.5f, 3.5f, 4}),
                arguments(FillMode.REFLECT, -1.25, new float[] {1.25f, 1, 1.75f, 2.75f}),
                arguments(FillMode.WRAP, 2, new float[] {3, 4, 1, 2}),
                arguments(FillMode.WRAP, 5, new float[] {2, 3, 4, 1}),
                arguments(FillMode.WRAP, 9, new float[] {2, 3, 4, 1}),
                arguments(FillMode.WRAP, -6, new float[] {3, 4, 1, 2}),
                arguments(FillMode.WRAP, 0.5, new float[] {1.5f, 2.5f, 3.5f, 2.5f}),
                arguments(FillMode.WRAP, -1.25, new float[] {3.75f, 1.75f, 1.75f, 2.75f}));
    }

    @ParameterizedTest(name = "{0}, shift {1}")
    @MethodSource
    void columnShifts(FillMode mode, double shift, float[] expected) {
        float[] out = new float[4];
        new AffineSampler(ROW, mode, CVAL).warp(ABCD, out, shift(0, shift));
        assertThat(out).containsExactly(expected);
    }

    @Test
    void integerShiftsMoveWholePixelsOfEveryChannel() {
        ImageShape shape = new ImageShape(3, 4, 2);
        float[] image = Images.ramp(shape);
        float[] out = new float[shape.size()];
        new AffineSampler(shape, FillMode.CONSTANT, -1).warp(image, out, shift(1, -2));
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                for (int c = 0; c < 2; c++) {
                    boolean inside = row + 1 < 3 && col - 2 >= 0;
                    float expected = inside ? Images.at(image, shape, row + 1, col - 2, c) : -1;
                    assertThat(Images.at(out, shape, row, col, c)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void channelsAreInterpolatedAtTheSamePoint() {
        ImageShape shape = new ImageShape(1, 2, 3);
        float[] image = {0, 10, 100, 2, 20, 200};
        float[] out = new float[6];
        new AffineSampler(shape, FillMode.NEAREST, 0).warp(image, out, shift(0, 0.5));
        assertThat(out).containsExactly(1, 15, 150, 2, 20, 200);
    }

    @Test
    void quarterTurnAboutTheTrueCentreIsAnExactPermutationDespiteRoundingInCos() {
        ImageShape shape = new ImageShape(3, 3, 1);
        double cos = Math.cos(Math.PI / 2); // 6e-17, not 0
        double sin = Math.sin(Math.PI / 2);
        // input = R (output - 1) + 1 about pixel (1, 1)
        AffineMatrix quarterTurn = new AffineMatrix(cos, -sin, 1 - cos + sin, sin, cos, 1 - sin - cos);
        float[] out = new float[9];
        new AffineSampler(shape, FillMode.CONSTANT, -1).warp(Images.ramp(shape), out, quarterTurn);
        assertThat(out).containsExactly(6, 3, 0, 7, 4, 1, 8, 5, 2);
    }

    @Test
    void sampleAtTheSnapToleranceIsNotSnapped() {
        float[] out = new float[4];
        new AffineSampler(ROW, FillMode.NEAREST, 0).warp(ABCD, out, shift(0, 2 * AffineSampler.SNAP));
        assertThat(out[0]).isGreaterThan(1);
    }

    @Test
    void farAwaySamplePointsStillFollowTheFillMode() {
        float[] out = new float[4];
        new AffineSampler(ROW, FillMode.NEAREST, 0).warp(ABCD, out, shift(0, 1e300));
        assertThat(out).containsExactly(4, 4, 4, 4);
        new AffineSampler(ROW, FillMode.CONSTANT, CVAL).warp(ABCD, out, shift(0, -1e300));
        assertThat(out).containsExactly(9, 9, 9, 9);
    }

    /** The per-row and per-column shortcut, vectorised runs included, gives the reference loop's floats exactly. */
    @ParameterizedTest
    @EnumSource(FillMode.class)
    void shiftsAndZoomsGiveTheReferenceLoopsFloats(FillMode mode) {
        Random random = new Random(mode.ordinal());
        for (ImageShape shape : new ImageShape[] {new ImageShape(32, 32, 3), new ImageShape(7, 5, 1), new ImageShape(6, 9, 4)}) {
            float[] image = new float[shape.size()];
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat() * 255;
            }
            for (int trial = 0; trial < 200; trial++) {
                double zoomRows = trial % 2 == 0 ? 1 : 0.5 + random.nextDouble();
                double zoomCols = trial % 3 == 0 ? 1 : 0.5 + random.nextDouble();
                double reach = trial % 5 == 0 ? 3 * shape.width() : 0.3 * shape.width();
                AffineMatrix m = new AffineMatrix(zoomRows, 0, (random.nextDouble() - 0.5) * 2 * reach,
                        0, zoomCols, trial % 7 == 0 ? random.nextInt(-3, 4) : (random.nextDouble() - 0.5) * 2 * reach);
                AffineSampler sampler = new AffineSampler(shape, mode, CVAL);
                float[] fast = new float[shape.size()];
                float[] reference = new float[shape.size()];
                sampler.warp(image, fast, m);
                sampler.warpAnyAffine(image, reference, m);
                assertThat(fast).as("%s %s", shape, m).containsExactly(reference);
            }
        }
    }

    private static AffineMatrix shift(double rows, double cols) {
        return new AffineMatrix(1, 0, rows, 0, 1, cols);
    }
}
