package dev.mixup.core;

import java.util.Arrays;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MixupTests {

    /** Image n is filled with the value n in every pixel; its label is one-hot class n % 3. */
    static final class ConstantImages implements SampleSource {
        private final int samples;
        private final ImageShape shape;

        ConstantImages(int samples, ImageShape shape) {
            this.samples = samples;
            this.shape = shape;
        }

        @Override
        public int samples() {
            return samples;
        }

        @Override
        public ImageShape imageShape() {
            return shape;
        }

        @Override
        public int labelArrays() {
            return 2;
        }

        @Override
        public int labelWidth(int array) {
            return array == 0 ? 3 : 1;
        }

        @Override
        public boolean oneHotEncoded(int array) {
            return array == 0;
        }

        @Override
        public void readImage(int index, float[] into) {
            Arrays.fill(into, index);
        }

        @Override
        public void readLabel(int array, int index, float[] into) {
            if (array == 0) {
                Arrays.fill(into, 0);
                into[index % 3] = 1;
            } else {
                into[0] = index * 10;
            }
        }
    }

    static final class Collected implements BatchSink {
        final float[][] images;
        final float[][][] labels;

        Collected(int batchSize) {
            images = new float[batchSize][];
            labels = new float[2][batchSize][];
        }

        @Override
        public void image(int b, float[] pixels) {
            images[b] = pixels.clone();
        }

        @Override
        public void label(int array, int b, float[] values) {
            labels[array][b] = values.clone();
        }
    }

    private static Mixup plain(int samples, int batchSize, double alpha, long seed) {
        ImageShape shape = new ImageShape(2, 3, 2);
        return new Mixup(new BatchPlan(samples, batchSize, true, seed, 0, 1), MixingSettings.builder().alpha(alpha).build(), seed,
                new Datagen(DatagenSettings.defaults(), shape, null), null);
    }

    @Test
    void mixesImagesAndEveryLabelArrayWithTheSameLambda() {
        Mixup mixup = plain(40, 8, 0.4, 3);
        Collected out = new Collected(8);
        Mixup.Provenance provenance = mixup.produce(2, new ConstantImages(40, new ImageShape(2, 3, 2)), out);
        for (int b = 0; b < 8; b++) {
            float lam = provenance.lam()[b];
            int i1 = provenance.pairs().first()[b];
            int i2 = provenance.pairs().second()[b];
            float expected = lam * i1 + (1 - lam) * i2;
            for (float v : out.images[b]) {
                assertThat(v).isEqualTo(expected);
            }
            float[] oneHot = new float[3];
            oneHot[i1 % 3] += lam;
            oneHot[i2 % 3] += 1 - lam;
            assertThat(out.labels[0][b]).containsExactly(oneHot, within(1e-6f));
            assertThat(out.labels[1][b][0]).isCloseTo(lam * i1 * 10 + (1 - lam) * i2 * 10, within(1e-3f));
        }
    }

    @Test
    void aStepIsAPureFunctionOfSeedAndStep() {
        SampleSource source = new ConstantImages(64, new ImageShape(2, 3, 2));
        Collected a = new Collected(4);
        Collected b = new Collected(4);
        Mixup.Provenance pa = plain(64, 4, 0.2, 11).produce(5, source, a);
        Mixup.Provenance pb = plain(64, 4, 0.2, 11).produce(5, source, b);
        assertThat(pa.lam()).isEqualTo(pb.lam());
        assertThat(a.images).isDeepEqualTo(b.images);
        assertThat(plain(64, 4, 0.2, 12).produce(5, source, new Collected(4)).lam()).isNotEqualTo(pa.lam());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 1.0})
    void lambdasFollowBetaAlphaAlpha(double alpha) {
        Mixup mixup = plain(100_000, 1000, alpha, 5);
        double[] lam = new double[5000];
        for (int step = 0; step < 5; step++) {
            float[] drawn = mixup.lambdas(step);
            for (int b = 0; b < drawn.length; b++) {
                lam[step * 1000 + b] = drawn[b];
            }
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new BetaDistribution(alpha, alpha), lam);
        assertThat(p).isGreaterThan(0.001);
        // and a wrong distribution is told apart, so the check has teeth
        double wrong = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new BetaDistribution(alpha * 2, alpha * 2), lam);
        assertThat(wrong).isLessThan(0.001);
    }

    @Test
    void rejectsNonPositiveAlpha() {
        assertThatThrownBy(() -> plain(100, 2, 0, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> plain(100, 2, Double.NaN, 1)).hasMessageContaining("alpha");
    }
}
