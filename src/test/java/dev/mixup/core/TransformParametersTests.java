package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras' apply_affine_transform: matrix composition, centre and directions. The golden values come
 * from Keras' composition (rotation · shift · shear · zoom, keras-preprocessing's row/column axes)
 * about Keras 3's centre {@code (size - 1) / 2}, resampled by {@code scipy.ndimage.affine_transform}
 * (order 1) on the 4x5 image {@code np.arange(20).reshape(4, 5, 1)}, with scipy's grid-constant /
 * grid-wrap for constant / wrap (see {@link AffineSampler}). KerasParityTests checks the same
 * geometry against Keras 3 itself.
 */
class TransformParametersTests {

    private static final ImageShape SHAPE_4X5 = new ImageShape(4, 5, 1);

    /** rotation 30, height shift 0.6, width shift -0.4, shear 10, zoom 0.9 (rows) x 1.2 (columns). */
    private static final TransformParameters ALL = params(30, 0.6, -0.4, 10, 0.9, 1.2);

    static Stream<Arguments> kerasGoldenValues() {
        return Stream.of(
                arguments("rotation 30", params(30, 0, 0, 0, 1, 1), FillMode.NEAREST, new float[] {
                        6.00481f, 3.88878f, 2.25481f, 2.11603f, 2.98205f, 10.35289f, 8.71891f, 7.08494f, 5.45096f, 3.81699f,
                        15.18301f, 13.54904f, 11.91506f, 10.28109f, 8.64711f, 16.01795f, 16.88397f, 16.74519f, 15.11122f, 12.99519f}),
                arguments("height shift 0.6, width shift -0.4", params(0, 0.6, -0.4, 0, 1, 1), FillMode.NEAREST, new float[] {
                        3.00000f, 3.60000f, 4.60000f, 5.60000f, 6.60000f, 8.00000f, 8.60000f, 9.60000f, 10.60000f, 11.60000f,
                        13.00000f, 13.60000f, 14.60000f, 15.60000f, 16.60000f, 15.00000f, 15.60000f, 16.60000f, 17.60000f, 18.60000f}),
                arguments("shear 10", params(0, 0, 0, 10, 1, 1), FillMode.NEAREST, new float[] {
                        1.76687f, 1.88343f, 2.00000f, 2.98481f, 3.96962f, 6.76687f, 6.88343f, 7.00000f, 7.11657f, 7.23313f,
                        11.76687f, 11.88343f, 12.00000f, 12.11657f, 12.23313f, 15.03038f, 16.01519f, 17.00000f, 17.11657f, 17.23313f}),
                arguments("zoom 0.9 x 1.2", params(0, 0, 0, 0, 0.9, 1.2), FillMode.NEAREST, new float[] {
                        0.75000f, 1.55000f, 2.75000f, 3.95000f, 4.75000f, 5.25000f, 6.05000f, 7.25000f, 8.45000f, 9.25000f,
                        9.75000f, 10.55000f, 11.75000f, 12.95000f, 13.75000f, 14.25000f, 15.05000f, 16.25000f, 17.45000f, 18.25000f}),
                arguments("all", ALL, FillMode.CONSTANT, new float[] {
                        2.90647f, 9.46847f, 6.53099f, 3.59352f, -0.87821f, 6.16887f, 13.81558f, 10.87811f, 7.94064f, 5.00316f,
                        -5.00000f, 8.16651f, 15.22522f, 12.28775f, 9.08813f, -5.00000f, -5.00000f, 8.83174f, 16.63487f, 4.71499f}),
                arguments("all", ALL, FillMode.NEAREST, new float[] {
                        12.96586f, 9.46847f, 6.53099f, 3.59352f, 3.11710f, 15.00000f, 13.81558f, 10.87811f, 7.94064f, 5.00316f,
                        15.34008f, 16.25934f, 15.22522f, 12.28775f, 9.33318f, 15.79008f, 16.70934f, 17.62859f, 16.63487f, 13.23030f}),
                arguments("all", ALL, FillMode.REFLECT, new float[] {
                        12.96586f, 9.46847f, 6.53099f, 3.59352f, 3.11710f, 15.00000f, 13.81558f, 10.87811f, 7.94064f, 5.00316f,
                        14.58000f, 16.25934f, 15.22522f, 12.28775f, 9.33318f, 11.13288f, 15.90886f, 17.62859f, 16.63487f, 13.23030f}),
                arguments("all", ALL, FillMode.WRAP, new float[] {
                        15.20552f, 9.46847f, 6.53099f, 3.59352f, 10.50024f, 9.85076f, 13.81558f, 10.87811f, 7.94064f, 5.00316f,
                        1.10017f, 10.54926f, 15.22522f, 12.28775f, 9.26480f, 5.44728f, 2.50981f, 11.79735f, 16.63487f, 11.36191f}));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource
    void kerasGoldenValues(String name, TransformParameters p, FillMode mode, float[] expected) {
        assertThat(warp(SHAPE_4X5, Images.ramp(SHAPE_4X5), p, mode, -5)).containsExactly(expected, within(2e-5f));
    }

    @Test
    void quarterTurnRotatesAboutTheTrueCentre() {
        // centre (4 - 1) / 2 = 1.5, so input = R (p - 1.5) + 1.5: row 3 - col, col = row; a pure
        // rotation of the pixels, nothing filled in (keras-preprocessing's 2.5 shifted it a pixel)
        ImageShape shape = new ImageShape(4, 4, 1);
        float[] out = warp(shape, Images.ramp(shape), params(90, 0, 0, 0, 1, 1), FillMode.NEAREST, 0);
        assertThat(out).containsExactly(
                12, 8, 4, 0,
                13, 9, 5, 1,
                14, 10, 6, 2,
                15, 11, 7, 3);
    }

    @Test
    void shiftsAreExactWholeNumbersWithNoCentreResidue() {
        AffineMatrix m = params(0, 2, -3, 0, 1, 1).affineMatrix(new ImageShape(7, 9, 1));
        assertThat(m).isEqualTo(new AffineMatrix(1, 0, 2, 0, 1, -3));
    }

    @Test
    void aPureShiftRoundsThroughTheCentreItAlwaysUsed() {
        // -c + (shift + c) is not exactly the shift, and differs by centre: computed about the old
        // centre 8 / 2 + 0.5, sessions without rotation, shear or zoom keep their bytes
        AffineMatrix m = params(0, 0.02, 0.03, 0, 1, 1).affineMatrix(new ImageShape(8, 8, 1));
        assertThat(m.rowOffset()).isEqualTo(-4.5 + (0.02 + 4.5)).isNotEqualTo(-3.5 + (0.02 + 3.5));
        assertThat(m.colOffset()).isEqualTo(-4.5 + (0.03 + 4.5)).isNotEqualTo(-3.5 + (0.03 + 3.5));
    }

    @Test
    void zoomAboveOneShowsMoreOfTheImageSymmetrically() {
        // columns: input = 2 (col - 1.5) + 1.5 = -1.5, 0.5, 2.5, 4.5
        float[] out = warp(new ImageShape(1, 4, 1), new float[] {1, 2, 3, 4}, params(0, 0, 0, 0, 1, 2), FillMode.NEAREST, 0);
        assertThat(out).containsExactly(1, 1.5f, 3.5f, 4);
    }

    @Test
    void shearCompressesColumnsByCosAndSlidesRowsBySin() {
        // 30°: input row = row - sin·(col - 1), input col = cos·(col - 2) + 2 (centres (5 - 1) / 2 = 2, (3 - 1) / 2 = 1)
        TransformParameters shear = params(0, 0, 0, 30, 1, 1);
        ImageShape wide = new ImageShape(3, 5, 1);
        float[] columnIndex = new float[15];
        for (int i = 0; i < 15; i++) {
            columnIndex[i] = i % 5;
        }
        float[] out = warp(wide, columnIndex, shear, FillMode.NEAREST, 0);
        for (int i = 0; i < 15; i++) {
            assertThat(out[i]).isCloseTo((float) (2 + Math.cos(Math.PI / 6) * (i % 5 - 2)), within(1e-5f));
        }

        ImageShape tall = new ImageShape(5, 3, 1);
        float[] rowIndex = new float[15];
        for (int i = 0; i < 15; i++) {
            rowIndex[i] = i / 3;
        }
        assertThat(warp(tall, rowIndex, shear, FillMode.NEAREST, 0)).containsExactly(new float[] {
                0.5f, 0, 0,
                1.5f, 1, 0.5f,
                2.5f, 2, 1.5f,
                3.5f, 3, 2.5f,
                4, 4, 3.5f}, within(1e-6f));
    }

    @Test
    void onlyNonIdentityGeometryNeedsTheAffinePass() {
        assertThat(params(0, 0, 0, 0, 1, 1).hasAffine()).isFalse();
        assertThat(new TransformParameters(0, 0, 0, 0, 1, 1, true, true, 5, 1.5).hasAffine()).isFalse();
        assertThat(params(0, 0, 0, 0, 1, 1.01).hasAffine()).isTrue();
        assertThat(params(0, -1, 0, 0, 1, 1).hasAffine()).isTrue();
    }

    private static TransformParameters params(double theta, double heightShift, double widthShift, double shear, double zx, double zy) {
        return new TransformParameters(theta, heightShift, widthShift, shear, zx, zy, false, false, 0, 1);
    }

    private static float[] warp(ImageShape shape, float[] image, TransformParameters p, FillMode mode, double cval) {
        float[] out = new float[shape.size()];
        new AffineSampler(shape, mode, cval).warp(image, out, p.affineMatrix(shape));
        return out;
    }
}
