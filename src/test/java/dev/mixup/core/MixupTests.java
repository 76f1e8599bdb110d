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

    /**
     * Image n is filled with the value n in every pixel; label array 0 is one-hot class n % 3
     * (uploaded as class ids), array 1 is {n * 10} (uploaded as it is).
     */
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
        return mixup(MixingSettings.builder().alpha(alpha).build(), samples, batchSize, seed, new ImageShape(2, 3, 2));
    }

    static Mixup mixup(MixingSettings settings, int samples, int batchSize, long seed, ImageShape shape) {
        return new Mixup(new BatchPlan(samples, batchSize, true, seed, 0, 1), settings, seed,
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

    private static final ImageShape SHAPE_8X10 = new ImageShape(8, 10, 2);

    /** What one step served, checked against the rules of DESIGN §1 and timm for every sample. */
    private record Step(Mixup.Provenance provenance, Collected out) {

        static Step of(Mixup mixup, long step, int samples) {
            Collected out = new Collected(mixup.plan().batchSize());
            return new Step(mixup.produce(step, new ConstantImages(samples, SHAPE_8X10), out), out);
        }

        int first(int b) {
            return provenance.pairs().first()[b];
        }

        int second(int b) {
            return provenance.pairs().second()[b];
        }

        /** Outside the box the first image, inside it the second: exactly, pixel by pixel. */
        void assertCutFromTheSecondImage(int b) {
            Box box = provenance.boxes()[b];
            for (int row = 0; row < SHAPE_8X10.height(); row++) {
                for (int col = 0; col < SHAPE_8X10.width(); col++) {
                    boolean inside = row >= box.top() && row < box.bottom() && col >= box.left() && col < box.right();
                    for (int c = 0; c < SHAPE_8X10.channels(); c++) {
                        assertThat(Images.at(out.images[b], SHAPE_8X10, row, col, c)).as("sample %d at (%d, %d)", b, row, col)
                                .isEqualTo(inside ? second(b) : first(b));
                    }
                }
            }
        }

        /** Both label arrays mixed with the sample's final lam. */
        void assertLabelsMixedWith(int b, float lam, double smoothing) {
            float[] expected = new float[3];
            float on = (float) (1 - smoothing + smoothing / 3);
            float off = (float) (smoothing / 3);
            float[] y1 = {off, off, off};
            float[] y2 = {off, off, off};
            y1[first(b) % 3] = on;
            y2[second(b) % 3] = on;
            for (int k = 0; k < 3; k++) {
                expected[k] = lam * y1[k] + (1 - lam) * y2[k];
            }
            assertThat(out.labels[0][b]).as("class-id labels of sample %d", b).containsExactly(expected);
            assertThat(out.labels[1][b]).as("other labels of sample %d", b)
                    .containsExactly(lam * (first(b) * 10f) + (1 - lam) * (second(b) * 10f));
        }
    }

    @Test
    void cutMixPastesTheSecondImagesBoxAndMixesLabelsWithTheBoxShare() {
        MixingSettings cutmix = MixingSettings.builder().alpha(0.0).cutmixAlpha(1.0).build();
        int cuts = 0;
        for (long step = 0; step < 20; step++) {
            Step served = Step.of(mixup(cutmix, 64, 8, 7, SHAPE_8X10), step, 64);
            for (int b = 0; b < 8; b++) {
                Box box = served.provenance.boxes()[b];
                assertThat(box).as("with alpha 0 every sample is CutMix").isNotNull();
                served.assertCutFromTheSecondImage(b);
                // correct_lam: the share of the first image that is left
                float lam = served.provenance.lam()[b];
                assertThat(lam).isEqualTo((float) (1 - box.area() / 80.0));
                served.assertLabelsMixedWith(b, lam, 0);
                cuts += box.area() > 0 ? 1 : 0;
            }
        }
        assertThat(cuts).as("boxes are not empty").isGreaterThan(100);
    }

    @Test
    void boxesAreTimmsRandBboxClippedToTheImage() {
        // correct_lam false: lam is the Beta draw, so the unclipped box is known from it
        MixingSettings cutmix = MixingSettings.builder().alpha(0.0).cutmixAlpha(1.0).correctLam(false).build();
        Mixup mixup = mixup(cutmix, 64, 16, 8, SHAPE_8X10);
        int clipped = 0;
        for (long step = 0; step < 50; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            for (int b = 0; b < 16; b++) {
                Box box = mixes.boxes[b];
                double ratio = Math.sqrt(1 - (double) mixes.lam[b]);
                int fullHeight = (int) (8 * ratio) / 2 * 2;
                int fullWidth = (int) (10 * ratio) / 2 * 2;
                assertThat(box.top()).isBetween(0, 8);
                assertThat(box.bottom()).isBetween(box.top(), 8);
                assertThat(box.left()).isBetween(0, 10);
                assertThat(box.right()).isBetween(box.left(), 10);
                assertThat(box.bottom() - box.top()).isLessThanOrEqualTo(fullHeight);
                assertThat(box.right() - box.left()).isLessThanOrEqualTo(fullWidth);
                if (box.bottom() - box.top() < fullHeight) {
                    assertThat(box.top() == 0 || box.bottom() == 8).as("only a clipped box is shorter: %s", box).isTrue();
                    clipped++;
                }
                if (box.right() - box.left() < fullWidth) {
                    assertThat(box.left() == 0 || box.right() == 10).as("only a clipped box is narrower: %s", box).isTrue();
                }
            }
        }
        assertThat(clipped).as("boxes near the border are clipped").isGreaterThan(50);
    }

    @Test
    void withoutCorrectLamTheLabelsUseTheBetaDraw() {
        MixingSettings cutmix = MixingSettings.builder().alpha(0.0).cutmixAlpha(0.5).correctLam(false).build();
        Mixup mixup = mixup(cutmix, 100_000, 1000, 9, SHAPE_8X10);
        double[] lam = new double[3000];
        int differs = 0;
        for (int step = 0; step < 3; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            for (int b = 0; b < 1000; b++) {
                lam[step * 1000 + b] = mixes.lam[b];
                differs += mixes.lam[b] != (float) (1 - mixes.boxes[b].area() / 80.0) ? 1 : 0;
            }
        }
        assertThat(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new BetaDistribution(0.5, 0.5), lam)).isGreaterThan(0.001);
        assertThat(differs).as("whole-pixel boxes rarely have exactly the drawn area").isGreaterThan(2000);
        Step served = Step.of(mixup(cutmix, 64, 8, 9, SHAPE_8X10), 0, 64);
        for (int b = 0; b < 8; b++) {
            served.assertLabelsMixedWith(b, served.provenance.lam()[b], 0);
        }
    }

    @Test
    void cutmixMinmaxDrawsSidesFromItsRangeAndKeepsTheBoxInside() {
        MixingSettings minmax = MixingSettings.builder().cutmixMinmax(new Range(0.25, 0.75)).correctLam(false).build();
        Mixup mixup = mixup(minmax, 64, 16, 10, SHAPE_8X10);
        java.util.Set<Integer> heights = new java.util.TreeSet<>();
        java.util.Set<Integer> widths = new java.util.TreeSet<>();
        java.util.Set<Integer> tops = new java.util.TreeSet<>();
        for (long step = 0; step < 100; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            for (int b = 0; b < 16; b++) {
                Box box = mixes.boxes[b];
                if (box == null) {
                    continue; // alpha 0.2 is on too: the switch picked mixup
                }
                heights.add(box.bottom() - box.top());
                widths.add(box.right() - box.left());
                tops.add(box.top());
                // timm: with cutmix_minmax lam always comes from the box, whatever correct_lam says
                assertThat(mixes.lam[b]).isEqualTo((float) (1 - box.area() / 80.0));
                assertThat(box.bottom()).isLessThan(8);
                assertThat(box.right()).isLessThan(10);
            }
        }
        // randint(int(8 * 0.25), int(8 * 0.75)) = 2..5 rows, randint(2, 7) = 2..6 columns, top randint(0, 8 - h)
        assertThat(heights).containsExactly(2, 3, 4, 5);
        assertThat(widths).containsExactly(2, 3, 4, 5, 6);
        assertThat(tops).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void switchProbabilityIsTheShareOfCutMix() {
        MixingSettings both = MixingSettings.builder().alpha(0.4).cutmixAlpha(1.0).switchProb(0.3).build();
        Mixup mixup = mixup(both, 100_000, 1000, 11, SHAPE_8X10);
        int cuts = 0;
        int n = 0;
        for (long step = 0; step < 4; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            float[] mixupLam = mixup.lambdas(step);
            for (int b = 0; b < 1000; b++, n++) {
                assertThat(mixes.mixed[b]).isTrue();
                if (mixes.boxes[b] != null) {
                    cuts++;
                } else {
                    assertThat(mixes.lam[b]).as("mixup samples keep their Beta(alpha, alpha) draw").isEqualTo(mixupLam[b]);
                }
            }
        }
        assertWithinFourSigma(cuts, n, 0.3, "CutMix samples");
    }

    @Test
    void mixProbabilityIsTheShareOfMixedSamplesAndTheRestAreTheFirstImage() {
        MixingSettings sometimes = MixingSettings.builder().alpha(0.4).cutmixAlpha(1.0).mixProb(0.3).build();
        Mixup mixup = mixup(sometimes, 100_000, 1000, 12, SHAPE_8X10);
        int mixed = 0;
        int n = 0;
        for (long step = 0; step < 4; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            for (int b = 0; b < 1000; b++, n++) {
                if (mixes.mixed[b]) {
                    mixed++;
                } else {
                    assertThat(mixes.lam[b]).isEqualTo(1f);
                    assertThat(mixes.boxes[b]).isNull();
                }
            }
        }
        assertWithinFourSigma(mixed, n, 0.3, "mixed samples");

        Step served = Step.of(mixup(sometimes, 64, 16, 12, SHAPE_8X10), 3, 64);
        int unmixed = 0;
        for (int b = 0; b < 16; b++) {
            if (served.provenance.lam()[b] == 1 && served.provenance.boxes()[b] == null) {
                assertThat(served.out.images[b]).containsOnly((float) served.first(b));
                served.assertLabelsMixedWith(b, 1, 0);
                unmixed++;
            }
        }
        assertThat(unmixed).isGreaterThan(4);
    }

    @Test
    void fromMixupOffEpochOnNothingIsMixed() {
        MixingSettings offFromEpochTwo = MixingSettings.builder().alpha(1.0).cutmixAlpha(1.0).mixupOffEpoch(2L).build();
        Mixup mixup = mixup(offFromEpochTwo, 64, 8, 13, SHAPE_8X10); // 4 steps per epoch
        for (long step = 0; step < 16; step++) {
            Step served = Step.of(mixup, step, 64);
            long epoch = served.provenance.pairs().epoch();
            int mixed = 0;
            for (int b = 0; b < 8; b++) {
                float lam = served.provenance.lam()[b];
                if (epoch >= 2) {
                    assertThat(lam).as("step %d, epoch %d", step, epoch).isEqualTo(1f);
                    assertThat(served.provenance.boxes()[b]).isNull();
                    assertThat(served.out.images[b]).containsOnly((float) served.first(b));
                }
                mixed += lam < 1 ? 1 : 0;
                served.assertLabelsMixedWith(b, lam, 0);
            }
            if (epoch < 2) {
                assertThat(mixed).as("step %d: epochs before mixup_off_epoch are mixed", step).isPositive();
            }
        }
    }

    @Test
    void labelSmoothingIsExactAndOnlyOnArraysUploadedAsClassIds() {
        double eps = 0.1;
        MixingSettings smoothed = MixingSettings.builder().alpha(0.4).cutmixAlpha(1.0).labelSmoothing(eps).mixProb(0.7).build();
        for (long step = 0; step < 4; step++) {
            Step served = Step.of(mixup(smoothed, 64, 8, 14, SHAPE_8X10), step, 64);
            for (int b = 0; b < 8; b++) {
                // array 0: y * (1 - eps) + eps / K before mixing; array 1 (not class ids): as uploaded
                served.assertLabelsMixedWith(b, served.provenance.lam()[b], eps);
            }
        }
        // the smoothed values of timm's mixup_target: on = 1 - eps + eps / K, off = eps / K
        Step unmixed = Step.of(mixup(MixingSettings.builder().labelSmoothing(eps).mixProb(0.0).build(), 64, 8, 14, SHAPE_8X10), 0, 64);
        float[] row = unmixed.out.labels[0][0];
        assertThat(row[unmixed.first(0) % 3]).isEqualTo((float) (0.9 + 0.1 / 3));
        assertThat(row[(unmixed.first(0) + 1) % 3]).isEqualTo((float) (0.1 / 3));
    }

    @Test
    void plainMixupSessionsDrawWhatTheyAlwaysDrew() {
        // the defaults draw nothing new: every sample mixed with the step's Beta(alpha, alpha) stream
        Mixup mixup = plain(640, 32, 0.2, 15);
        for (long step = 0; step < 5; step++) {
            Mixup.Mixes mixes = mixup.mixes(step, 0);
            assertThat(mixes.lam).containsExactly(mixup.lambdas(step));
            assertThat(mixes.mixed).containsOnly(true);
            assertThat(mixes.boxes).containsOnlyNulls();
        }
    }

    @Test
    void eachSamplesDrawsDependOnSeedStepAndSampleAlone() {
        MixingSettings all = MixingSettings.builder().alpha(0.4).cutmixAlpha(1.0).mixProb(0.8).switchProb(0.4).build();
        Mixup.Mixes small = mixup(all, 640, 4, 16, SHAPE_8X10).mixes(7, 0);
        Mixup.Mixes large = mixup(all, 640, 32, 16, SHAPE_8X10).mixes(7, 0);
        for (int b = 0; b < 4; b++) {
            assertThat(large.mixed[b]).isEqualTo(small.mixed[b]);
            assertThat(large.lam[b]).isEqualTo(small.lam[b]);
            assertThat(large.boxes[b]).isEqualTo(small.boxes[b]);
        }
        assertThat(mixup(all, 640, 4, 17, SHAPE_8X10).mixes(7, 0).lam).isNotEqualTo(small.lam);
    }

    private static void assertWithinFourSigma(int count, int n, double p, String what) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).as("%s: binomial(%d, %s) within 4 sigma", what, n, p).isCloseTo(n * p, within(4 * sigma));
    }
}
