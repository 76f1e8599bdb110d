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
 * from keras_preprocessing's apply_affine_transform (scipy path) run on the same 4x5 image
 * {@code np.arange(20).reshape(4, 5, 1)}, with scipy's grid-constant / grid-wrap for
 * constant / wrap (see {@link AffineSampler}).
 */
class TransformParametersTests {

    private static final ImageShape SHAPE_4X5 = new ImageShape(4, 5, 1);

    /** rotation 30, height shift 0.6, width shift -0.4, shear 10, zoom 0.9 (rows) x 1.2 (columns). */
    private static final TransformParameters ALL = params(30, 0.6, -0.4, 10, 0.9, 1.2);

    static Stream<Arguments> kerasGoldenValues() {
        return Stream.of(
                arguments("rotation 30", params(30, 0, 0, 0, 1, 1), FillMode.NEAREST, new float[] {
                        9.17468f, 6.69263f, 5.05866f, 3.42468f, 2.61603f, 13.50481f, 11.52276f, 9.88878f, 8.25481f, 6.62083f,
                        15.15192f, 16.01795f, 14.71891f, 13.08494f, 11.45096f, 15.65192f, 16.51795f, 17.38397f, 17.91506f, 16.16506f}),
                arguments("height shift 0.6, width shift -0.4", params(0, 0.6, -0.4, 0, 1, 1), FillMode.NEAREST, new float[] {
                        3.00000f, 3.60000f, 4.60000f, 5.60000f, 6.60000f, 8.00000f, 8.60000f, 9.60000f, 10.60000f, 11.60000f,
                        13.00000f, 13.60000f, 14.60000f, 15.60000f, 16.60000f, 15.00000f, 15.60000f, 16.60000f, 17.60000f, 18.60000f}),
                arguments("shear 10", params(0, 0, 0, 10, 1, 1), FillMode.NEAREST, new float[] {
                        2.65030f, 2.76687f, 2.88343f, 3.00000f, 3.98481f, 7.65030f, 7.76687f, 7.88343f, 8.00000f, 8.11657f,
                        12.65030f, 12.76687f, 12.88343f, 13.00000f, 13.11657f, 15.04558f, 16.03038f, 17.01519f, 18.00000f, 18.11657f}),
                arguments("zoom 0.9 x 1.2", params(0, 0, 0, 0, 0.9, 1.2), FillMode.NEAREST, new float[] {
                        1.25000f, 1.85000f, 3.05000f, 4.25000f, 5.25000f, 5.75000f, 6.35000f, 7.55000f, 8.75000f, 9.75000f,
                        10.25000f, 10.85000f, 12.05000f, 13.25000f, 14.25000f, 14.75000f, 15.35000f, 16.55000f, 17.75000f, 18.75000f}),
                arguments("all", ALL, FillMode.CONSTANT, new float[] {
                        -4.41224f, 13.87964f, 11.12135f, 8.18388f, 5.24641f, -5.00000f, 3.31561f, 15.46847f, 12.53099f, 9.59352f,
                        -5.00000f, -5.00000f, 3.69650f, 16.87811f, 13.94064f, -5.00000f, -5.00000f, -5.00000f, 4.05526f, 15.92093f}),
                arguments("all", ALL, FillMode.NEAREST, new float[] {
                        15.00000f, 14.06874f, 11.12135f, 8.18388f, 5.24641f, 15.00000f, 15.44008f, 15.46847f, 12.53099f, 9.59352f,
                        15.00000f, 15.89008f, 16.80934f, 16.87811f, 13.94064f, 15.42083f, 16.34008f, 17.25934f, 18.17859f, 18.18991f}),
                arguments("all", ALL, FillMode.REFLECT, new float[] {
                        15.00000f, 14.06874f, 11.12135f, 8.18388f, 5.24641f, 13.17742f, 15.44008f, 15.46847f, 12.53099f, 9.59352f,
                        9.28030f, 14.02711f, 16.80934f, 16.87811f, 13.94064f, 5.80402f, 10.58000f, 15.35598f, 18.17859f, 18.18991f}),
                arguments("all", ALL, FillMode.WRAP, new float[] {
                        9.94028f, 14.10841f, 11.12135f, 8.18388f, 5.24641f, 3.73926f, 6.54252f, 15.46847f, 12.53099f, 9.59352f,
                        5.83638f, 2.75305f, 7.79060f, 16.87811f, 13.94064f, 10.03764f, 7.10017f, 4.16270f, 9.03869f, 17.79854f}));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource
    void kerasGoldenValues(String name, TransformParameters p, FillMode mode, float[] expected) {
        assertThat(warp(SHAPE_4X5, Images.ramp(SHAPE_4X5), p, mode, -5)).containsExactly(expected, within(2e-5f));
    }

    @Test
    void quarterTurnRotatesAboutKerasOffCentrePoint() {
        // Keras' centre is size/2 + 0.5 = 2.5, so input = R (p - 2.5) + 2.5: row 5 - col, col = row
        ImageShape shape = new ImageShape(4, 4, 1);
        float[] out = warp(shape, Images.ramp(shape), params(90, 0, 0, 0, 1, 1), FillMode.NEAREST, 0);
        assertThat(out).containsExactly(
                12, 12, 12, 8,
                13, 13, 13, 9,
                14, 14, 14, 10,
                15, 15, 15, 11);
    }

    @Test
    void shiftsAreExactWholeNumbersWithNoCentreResidue() {
        AffineMatrix m = params(0, 2, -3, 0, 1, 1).affineMatrix(new ImageShape(7, 9, 1));
        assertThat(m).isEqualTo(new AffineMatrix(1, 0, 2, 0, 1, -3));
    }

    @Test
    void zoomAboveOneShowsMoreOfTheImage() {
        // columns: input = 2 (col - 2.5) + 2.5 = -2.5, -0.5, 1.5, 3.5
        float[] out = warp(new ImageShape(1, 4, 1), new float[] {1, 2, 3, 4}, params(0, 0, 0, 0, 1, 2), FillMode.NEAREST, 0);
        assertThat(out).containsExactly(1, 1, 2.5f, 4);
    }

    @Test
    void shearCompressesColumnsByCosAndSlidesRowsBySin() {
        // 30°: input row = row - sin·(col - 2) , input col = cos·(col - 3) + 3 (centres 5/2 + 0.5 = 3, 3/2 + 0.5 = 2)
        TransformParameters shear = params(0, 0, 0, 30, 1, 1);
        ImageShape wide = new ImageShape(3, 5, 1);
        float[] columnIndex = new float[15];
        for (int i = 0; i < 15; i++) {
            columnIndex[i] = i % 5;
        }
        float[] out = warp(wide, columnIndex, shear, FillMode.NEAREST, 0);
        for (int i = 0; i < 15; i++) {
            assertThat(out[i]).isCloseTo((float) (3 + Math.cos(Math.PI / 6) * (i % 5 - 3)), within(1e-5f));
        }

        ImageShape tall = new ImageShape(5, 3, 1);
        float[] rowIndex = new float[15];
        for (int i = 0; i < 15; i++) {
            rowIndex[i] = i / 3;
        }
        assertThat(warp(tall, rowIndex, shear, FillMode.NEAREST, 0)).containsExactly(new float[] {
                1, 0.5f, 0,
                2, 1.5f, 1,
                3, 2.5f, 2,
                4, 3.5f, 3,
                4, 4, 4}, within(1e-6f));
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
