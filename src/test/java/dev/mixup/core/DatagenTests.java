package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatagenTests {

    private static final int SEEDS = 300;
    private static final ImageShape ROW_8 = new ImageShape(1, 8, 1);
    private static final ImageShape COLUMN_8 = new ImageShape(8, 1, 1);

    @Test
    void noSettingsMeansNoWorkAndNoRandomDraws() {
        Datagen datagen = new Datagen(DatagenSettings.defaults(), ROW_8, null);
        float[] image = Images.ramp(ROW_8);
        SeededRandom random = SeededRandom.of(1);
        float[] out = datagen.randomTransform(image, new float[8], random);
        assertThat(out).isSameAs(image).containsExactly(Images.ramp(ROW_8));
        assertThat(random.nextLong()).isEqualTo(SeededRandom.of(1).nextLong());
    }

    @Test
    void intWidthShiftMovesWholePixelsWithinTheRangeAndReachesAllOfIt() {
        Datagen datagen = new Datagen(DatagenSettings.builder().widthShiftRange(ShiftRange.of(3)).fillMode(FillMode.CONSTANT)
                .cval(-1.0).build(), ROW_8, null);
        Set<Integer> seen = new HashSet<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] out = datagen.randomTransform(Images.ramp(ROW_8), new float[8], SeededRandom.of(seed));
            int shift = (int) out[3] - 3; // column 3 stays inside for |shift| <= 2
            assertThat(shift).isBetween(-2, 2);
            assertThat(out).containsExactly(shiftedRamp(8, shift));
            seen.add(shift);
        }
        assertThat(seen).containsExactlyInAnyOrder(-2, -1, 0, 1, 2);
    }

    @Test
    void intHeightShiftMovesRows() {
        Datagen datagen = new Datagen(DatagenSettings.builder().heightShiftRange(ShiftRange.of(3))
                .fillMode(FillMode.CONSTANT).cval(-1.0).build(), COLUMN_8, null);
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] out = datagen.randomTransform(Images.ramp(COLUMN_8), new float[8], SeededRandom.of(seed));
            int shift = (int) out[3] - 3;
            assertThat(shift).isBetween(-2, 2);
            assertThat(out).containsExactly(shiftedRamp(8, shift));
        }
    }

    @Test
    void widthShiftNeverMovesRowsAndHeightShiftNeverMovesColumns() {
        ImageShape shape = new ImageShape(6, 6, 1);
        float[] image = Images.ramp(shape); // value = 6 row + col
        Datagen width = new Datagen(DatagenSettings.builder().widthShiftRange(ShiftRange.of(2)).build(), shape, null);
        Datagen height = new Datagen(DatagenSettings.builder().heightShiftRange(ShiftRange.of(2)).build(), shape, null);
        for (int seed = 0; seed < 50; seed++) {
            float[] byWidth = width.randomTransform(image.clone(), new float[36], SeededRandom.of(seed));
            float[] byHeight = height.randomTransform(image.clone(), new float[36], SeededRandom.of(seed));
            for (int row = 0; row < 6; row++) {
                for (int col = 0; col < 6; col++) {
                    assertThat((int) Images.at(byWidth, shape, row, col, 0) / 6).isEqualTo(row);
                    assertThat((int) Images.at(byHeight, shape, row, col, 0) % 6).isEqualTo(col);
                }
            }
        }
    }

    @Test
    void floatFractionShiftsAreFractionsOfTheirOwnAxis() {
        ImageShape wide = new ImageShape(8, 40, 1);
        ImageShape tall = new ImageShape(40, 8, 1);
        Datagen height = new Datagen(DatagenSettings.builder().heightShiftRange(ShiftRange.of(0.25)).build(), wide, null);
        Datagen width = new Datagen(DatagenSettings.builder().widthShiftRange(ShiftRange.of(0.25)).build(), tall, null);
        for (Set<Double> shifts : List.of(shiftsSeen(height, wide, true), shiftsSeen(width, tall, false))) {
            assertThat(shifts).allSatisfy(shift -> assertThat(Math.abs(shift)).isLessThan(2))
                    .anySatisfy(shift -> assertThat(Math.abs(shift)).isGreaterThan(1.5))
                    .anySatisfy(shift -> assertThat(shift % 1).isNotZero());
        }
    }

    @Test
    void floatShiftOfAtLeastOneIsPixels() {
        Datagen datagen = new Datagen(DatagenSettings.builder().widthShiftRange(ShiftRange.of(1.5)).build(), ROW_8, null);
        assertThat(shiftsSeen(datagen, ROW_8, false)).allSatisfy(shift -> assertThat(Math.abs(shift)).isLessThan(1.5))
                .anySatisfy(shift -> assertThat(Math.abs(shift)).isGreaterThan(1.2));
    }

    @Test
    void horizontalFlipMirrorsExactlyAboutHalfTheTime() {
        ImageShape shape = new ImageShape(3, 4, 2);
        float[] mirrored = Images.ramp(shape);
        ImageOps.flipHorizontal(mirrored, shape);
        assertFlipsBetween(new Datagen(DatagenSettings.builder().horizontalFlip(true).build(), shape, null), shape, mirrored);
    }

    @Test
    void verticalFlipMirrorsExactlyAboutHalfTheTime() {
        ImageShape shape = new ImageShape(3, 4, 2);
        float[] mirrored = Images.ramp(shape);
        ImageOps.flipVertical(mirrored, shape);
        assertFlipsBetween(new Datagen(DatagenSettings.builder().verticalFlip(true).build(), shape, null), shape, mirrored);
    }

    @Test
    void drawnParametersStayInTheirRanges() {
        DatagenSettings s = DatagenSettings.builder().rotationRange(20.0).shearRange(15.0).zoomRange(ZoomRange.of(0.8, 1.2))
                .channelShiftRange(30.0).brightnessRange(new Range(0.5, 1.5)).build();
        Datagen datagen = new Datagen(s, ROW_8, null);
        for (int seed = 0; seed < SEEDS; seed++) {
            TransformParameters p = datagen.randomParameters(SeededRandom.of(seed));
            assertThat(p.theta()).isBetween(-20.0, 20.0);
            assertThat(p.shear()).isBetween(-15.0, 15.0);
            assertThat(p.zx()).isBetween(0.8, 1.2).isNotEqualTo(p.zy());
            assertThat(p.zy()).isBetween(0.8, 1.2);
            assertThat(p.channelShiftIntensity()).isBetween(-30.0, 30.0);
            assertThat(p.brightness()).isBetween(0.5, 1.5);
            assertThat(p.heightShift()).isZero();
            assertThat(p.widthShift()).isZero();
        }
    }

    @Test
    void channelShiftAddsOneIntensityToEveryValue() {
        ImageShape shape = new ImageShape(2, 2, 3);
        float[] image = {0, 40, 80, 100, 20, 60, 30, 70, 90, 10, 50, 100};
        Datagen datagen = new Datagen(DatagenSettings.builder().channelShiftRange(5.0).build(), shape, null);
        float[] out = datagen.randomTransform(image.clone(), new float[12], SeededRandom.of(3));
        float intensity = out[1] - image[1];
        assertThat(intensity).isBetween(-5f, 5f).isNotZero();
        for (int i = 0; i < 12; i++) {
            assertThat(out[i]).isCloseTo(Math.clamp(image[i] + intensity, 0f, 100f), within(1e-4f));
        }
    }

    @Test
    void brightnessScalesByOneDrawnFactor() {
        ImageShape shape = new ImageShape(1, 3, 1);
        Datagen datagen = new Datagen(DatagenSettings.builder().brightnessRange(new Range(0.5, 1.5)).build(), shape, null);
        for (int seed = 0; seed < 20; seed++) {
            float[] out = datagen.randomTransform(new float[] {10, 20, 200}, new float[3], SeededRandom.of(seed));
            float factor = out[0] / 10;
            assertThat(factor).isBetween(0.5f, 1.5f);
            assertThat(out).containsExactly(new float[] {10 * factor, 20 * factor, Math.min(255, 200 * factor)}, within(1e-3f));
        }
    }

    @Test
    void affineRunsBeforeChannelShift() {
        // shift brings in cval 0, so the clip range of the channel shift is [0, 4]
        Datagen datagen = new Datagen(DatagenSettings.builder().fillMode(FillMode.CONSTANT).build(), new ImageShape(1, 4, 1),
                null);
        TransformParameters p = new TransformParameters(0, 0, 2, 0, 1, 1, false, false, 10, 1);
        assertThat(datagen.applyTransform(p, new float[] {1, 2, 3, 4}, new float[4])).containsExactly(4, 4, 4, 4);
    }

    @Test
    void channelShiftRunsBeforeBrightness() {
        // the shift clips 300 into [0, 300] -> 250, which puts the image back in [0, 255] for brightness
        Datagen datagen = new Datagen(DatagenSettings.defaults(), new ImageShape(1, 3, 1), null);
        TransformParameters p = new TransformParameters(0, 0, 0, 0, 1, 1, false, false, -50, 2);
        assertThat(datagen.applyTransform(p, new float[] {0, 100, 300}, new float[3])).containsExactly(0, 100, 255);
    }

    @Test
    void theAffinePassWritesIntoScratch() {
        Datagen datagen = new Datagen(DatagenSettings.defaults(), ROW_8, null);
        float[] image = Images.ramp(ROW_8);
        float[] scratch = new float[8];
        TransformParameters shift = new TransformParameters(0, 0, 1, 0, 1, 1, false, false, 0, 1);
        assertThat(datagen.applyTransform(shift, image, scratch)).isSameAs(scratch).containsExactly(1, 2, 3, 4, 5, 6, 7, 7);
        assertThat(image).containsExactly(Images.ramp(ROW_8));
    }

    @Test
    void rejectsImagesOfTheWrongSizeAndScratchThatIsTheImage() {
        Datagen datagen = new Datagen(DatagenSettings.builder().widthShiftRange(ShiftRange.of(3)).build(), ROW_8, null);
        assertThatThrownBy(() -> datagen.standardize(new float[7])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 8 values");
        float[] image = new float[8];
        TransformParameters shift = new TransformParameters(0, 0, 1, 0, 1, 1, false, false, 0, 1);
        assertThatThrownBy(() -> datagen.applyTransform(shift, image, image)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scratch");
    }

    @Test
    void rescaleMultipliesEveryValue() {
        float[] image = {2, 4, 6};
        new Datagen(DatagenSettings.builder().rescale(0.5).build(), new ImageShape(1, 3, 1), null).standardize(image);
        assertThat(image).containsExactly(1, 2, 3);
    }

    @Test
    void samplewiseCenterSubtractsTheMeanOverAllChannels() {
        float[] image = {1, 2, 3, 6};
        new Datagen(DatagenSettings.builder().samplewiseCenter(true).build(), new ImageShape(1, 2, 2), null).standardize(image);
        assertThat(image).containsExactly(-2, -1, 0, 3);
    }

    @Test
    void samplewiseStdNormalizationCentresAndDividesByStdPlusEpsilon() {
        float[] image = {1, 2, 3, 6}; // mean 3, population std sqrt(14 / 4)
        new Datagen(DatagenSettings.builder().samplewiseStdNormalization(true).build(), new ImageShape(1, 2, 2), null).standardize(image);
        double divisor = Math.sqrt(3.5) + 1e-6;
        assertThat(image).containsExactly(new float[] {(float) (-2 / divisor), (float) (-1 / divisor), 0, (float) (3 / divisor)},
                within(1e-6f));
    }

    @Test
    void featurewiseStatisticsAreScaledByRescale() {
        // raw: mean {10, 20}, std {2, 4}; rescale 0.5 -> mean {5, 10}, std {1, 2}
        ChannelStatistics statistics = new ChannelStatistics(new double[] {10, 20}, new double[] {2, 4});
        DatagenSettings s = DatagenSettings.builder().rescale(0.5).featurewiseCenter(true).featurewiseStdNormalization(true)
                .build();
        float[] image = {12, 28, 8, 20};
        new Datagen(s, new ImageShape(1, 2, 2), statistics).standardize(image);
        assertThat(image).containsExactly(new float[] {(float) (1 / (1 + 1e-6)), (float) (4 / (2 + 1e-6)), (float) (-1 / (1 + 1e-6)), 0},
                within(1e-7f));
    }

    @Test
    void featurewiseCenterAloneDoesNotDivide() {
        ChannelStatistics statistics = new ChannelStatistics(new double[] {10, 20}, new double[] {2, 4});
        float[] image = {12, 28, 8, 20};
        new Datagen(DatagenSettings.builder().featurewiseCenter(true).build(), new ImageShape(1, 2, 2), statistics).standardize(image);
        assertThat(image).containsExactly(2, 8, -2, 0);
    }

    @Test
    void negativeRescaleScalesTheStdByItsMagnitude() {
        ChannelStatistics statistics = new ChannelStatistics(new double[] {10}, new double[] {2});
        float[] image = {14};
        DatagenSettings s = DatagenSettings.builder().rescale(-1.0).featurewiseStdNormalization(true).build();
        new Datagen(s, new ImageShape(1, 1, 1), statistics).standardize(image);
        assertThat(image[0]).isCloseTo((float) ((-14 + 10) / (2 + 1e-6)), within(1e-6f));
    }

    @Test
    void standardizeRunsRescaleThenSamplewiseThenFeaturewise() {
        ChannelStatistics statistics = new ChannelStatistics(new double[] {1}, new double[] {2});
        DatagenSettings s = DatagenSettings.builder().rescale(2.0).samplewiseCenter(true).samplewiseStdNormalization(true)
                .featurewiseCenter(true).featurewiseStdNormalization(true).build();
        float[] image = {1, 2, 3, 4};
        new Datagen(s, new ImageShape(2, 2, 1), statistics).standardize(image);

        double[] expected = {2, 4, 6, 8};                        // rescale
        double std = Math.sqrt((9 + 1 + 1 + 9) / 4.0);           // of {-3, -1, 1, 3} after subtracting mean 5
        for (int i = 0; i < 4; i++) {
            double samplewise = (expected[i] - 5) / (std + 1e-6);
            expected[i] = (samplewise - 1 * 2.0) / (2 * 2.0 + 1e-6); // statistics scaled by rescale 2
        }
        for (int i = 0; i < 4; i++) {
            assertThat(image[i]).isCloseTo((float) expected[i], within(1e-6f));
        }
    }

    @Test
    void featurewiseSettingsNeedMatchingStatistics() {
        DatagenSettings s = DatagenSettings.builder().featurewiseCenter(true).build();
        ImageShape rgb = new ImageShape(2, 2, 3);
        assertThatThrownBy(() -> new Datagen(s, rgb, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statistics");
        ChannelStatistics gray = new ChannelStatistics(new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> new Datagen(s, rgb, gray)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 channel(s)");
    }

    @Test
    void erasedValuesAreRescaledToo() {
        ImageShape shape = new ImageShape(16, 16, 3);
        Datagen datagen = new Datagen(DatagenSettings.builder().rescale(1 / 255.0).build(), shape, null);
        RandomEraser eraser = new RandomEraser(new EraserSettings(1, 0.02, 0.4, 0.3, 1 / 0.3, 0, 255, true), shape);
        for (int seed = 0; seed < 20; seed++) {
            float[] image = new float[shape.size()];
            Arrays.fill(image, 255);
            SeededRandom random = SeededRandom.of(seed);
            float[] out = datagen.randomTransform(image, new float[shape.size()], random);
            eraser.erase(out, random);
            datagen.standardize(out);
            assertThat(Images.max(out)).isEqualTo(1f); // 255 * float(1/255) rounds to exactly 1
            assertThat(Images.min(out)).isBetween(0f, 1f).isLessThan(1f);
        }
    }

    @Test
    void sameKeysGiveTheSameImageAndOtherKeysAnother() {
        ImageShape shape = new ImageShape(12, 10, 3);
        DatagenSettings s = DatagenSettings.builder().widthShiftRange(ShiftRange.of(0.2)).heightShiftRange(ShiftRange.of(2))
                .horizontalFlip(true).verticalFlip(true)
                .rotationRange(25.0).zoomRange(ZoomRange.of(0.8, 1.2)).shearRange(10.0).channelShiftRange(20.0)
                .brightnessRange(new Range(0.7, 1.3)).fillMode(FillMode.REFLECT)
                .rescale(1 / 255.0).samplewiseCenter(true).samplewiseStdNormalization(true).build();
        Datagen datagen = new Datagen(s, shape, null);
        RandomEraser eraser = new RandomEraser(EraserSettings.defaults(), shape);
        float[] first = pipeline(datagen, eraser, shape, SeededRandom.of(42, 7, 3));
        float[] again = pipeline(datagen, eraser, shape, SeededRandom.of(42, 7, 3));
        float[] other = pipeline(datagen, eraser, shape, SeededRandom.of(42, 7, 4));
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static float[] pipeline(Datagen datagen, RandomEraser eraser, ImageShape shape, SeededRandom random) {
        float[] image = new float[shape.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37) % 256;
        }
        float[] out = datagen.randomTransform(image, new float[shape.size()], random);
        eraser.erase(out, random);
        datagen.standardize(out);
        return out;
    }

    /**
     * The shifts a datagen applies along the rows or the columns, read off pixel (3, 3) of an image
     * whose values are the row (or column) index: with nearest fill that pixel stays exact for |shift| < 3.
     */
    private static Set<Double> shiftsSeen(Datagen datagen, ImageShape shape, boolean alongRows) {
        float[] index = new float[shape.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = alongRows ? i / shape.width() : i % shape.width();
        }
        Set<Double> shifts = new HashSet<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] out = datagen.randomTransform(index.clone(), new float[shape.size()], SeededRandom.of(seed));
            shifts.add((double) Images.at(out, shape, alongRows ? 3 : 0, alongRows ? 0 : 3, 0) - 3);
        }
        return shifts;
    }

    /** 0..n-1 shifted so that output i reads input i + shift, -1 where that is outside. */
    private static float[] shiftedRamp(int n, int shift) {
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            int source = i + shift;
            expected[i] = source >= 0 && source < n ? source : -1;
        }
        return expected;
    }

    private static void assertFlipsBetween(Datagen datagen, ImageShape shape, float[] mirrored) {
        int flipped = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] out = datagen.randomTransform(Images.ramp(shape), new float[shape.size()], SeededRandom.of(seed));
            if (Arrays.equals(out, mirrored)) {
                flipped++;
            } else {
                assertThat(out).containsExactly(Images.ramp(shape));
            }
        }
        assertThat(flipped).isBetween(SEEDS / 2 - 40, SEEDS / 2 + 40);
    }
}
