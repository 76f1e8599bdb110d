package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import dev.mixup.testing.ErasedRegion;
import org.junit.jupiter.api.Test;

class RandomEraserTests {

    private static final ImageShape RGB_32 = new ImageShape(32, 32, 3);
    private static final int SEEDS = 200;
    /** Images start at this value; the fill range is [0, 255], so erased values are exactly those >= 0. */
    private static final float UNTOUCHED = -1;

    @Test
    void pZeroErasesNothing() {
        RandomEraser eraser = new RandomEraser(settings(0, false), RGB_32);
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            assertThat(image).containsOnly(UNTOUCHED);
        }
    }

    @Test
    void pOneErasesEveryImage() {
        RandomEraser eraser = new RandomEraser(settings(1, false), RGB_32);
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            assertThat(erasedRectangle(image, RGB_32)).isNotNull();
        }
    }

    @Test
    void pHalfErasesAboutHalf() {
        RandomEraser eraser = new RandomEraser(settings(0.5, false), RGB_32);
        int erased = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            erased += erasedRectangle(image, RGB_32) == null ? 0 : 1;
        }
        assertThat(erased).isBetween(SEEDS / 2 - 30, SEEDS / 2 + 30);
    }

    @Test
    void rectangleAreaAndAspectStayWithinTheSettings() {
        EraserSettings s = settings(1, false);
        RandomEraser eraser = new RandomEraser(s, RGB_32);
        double imageArea = 32 * 32;
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            ErasedRegion box = erasedRectangle(image, RGB_32);
            int h = box.height();
            int w = box.width();
            // w = int(sqrt(s / r)), h = int(sqrt(s r)) for s in [s_l, s_h] x area, r in [r_1, r_2]
            assertThat((double) w * h).isLessThanOrEqualTo(s.sH() * imageArea);
            assertThat((w + 1.0) * (h + 1.0)).isGreaterThan(s.sL() * imageArea);
            assertThat((h + 1.0) / w).isGreaterThan(s.r1());
            assertThat(h / (w + 1.0)).isLessThan(s.r2());
        }
    }

    @Test
    void oneFillValueForTheWholeRectangleAndAllChannels() {
        RandomEraser eraser = new RandomEraser(new EraserSettings(1, 0.02, 0.4, 0.3, 1 / 0.3, 10, 20, false), RGB_32);
        Set<Float> perImage = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            float[] erased = erasedValues(image);
            assertThat(erased).isNotEmpty().containsOnly(erased[0]);
            assertThat(erased[0]).isBetween(10f, 20f);
            perImage.add(erased[0]);
        }
        assertThat(perImage).hasSizeGreaterThan(40);
    }

    @Test
    void pixelLevelDrawsAValuePerPixelAndChannel() {
        RandomEraser eraser = new RandomEraser(new EraserSettings(1, 0.02, 0.4, 0.3, 1 / 0.3, 10, 20, true), RGB_32);
        for (int seed = 0; seed < 50; seed++) {
            float[] image = blank(RGB_32);
            eraser.erase(image, SeededRandom.of(seed));
            float[] erased = erasedValues(image);
            assertThat(Images.min(erased)).isGreaterThanOrEqualTo(10f);
            assertThat(Images.max(erased)).isLessThanOrEqualTo(20f);
            Set<Float> distinct = new HashSet<>();
            for (float v : erased) {
                distinct.add(v);
            }
            assertThat(distinct).hasSizeGreaterThan(erased.length * 9 / 10);
            ErasedRegion box = erasedRectangle(image, RGB_32);
            int first = (box.top() * 32 + box.left()) * 3;
            assertThat(image[first]).isNotEqualTo(image[first + 1]);
        }
    }

    @Test
    void grayscaleImagesAreErasedToo() {
        ImageShape gray = new ImageShape(28, 28, 1);
        RandomEraser eraser = new RandomEraser(settings(1, false), gray);
        float[] image = blank(gray);
        eraser.erase(image, SeededRandom.of(1));
        assertThat(erasedRectangle(image, gray)).isNotNull();
    }

    @Test
    void sameKeysEraseTheSameRectangleWithTheSameValues() {
        RandomEraser eraser = new RandomEraser(settings(1, true), RGB_32);
        float[] first = blank(RGB_32);
        float[] again = blank(RGB_32);
        eraser.erase(first, SeededRandom.of(9, 1));
        eraser.erase(again, SeededRandom.of(9, 1));
        assertThat(again).containsExactly(first);
    }

    @Test
    void settingsThatCanNeverFitAreRefused() {
        // h = int(sqrt(0.5 * 1024 * 100)) = 226 rows in a 32-row image
        EraserSettings tall = new EraserSettings(0.5, 0.5, 0.5, 100, 100, 0, 255, false);
        assertThatThrownBy(() -> new RandomEraser(tall, RGB_32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eraser can never fit: with s_l=0.5, s_h=0.5, r_1=100.0, r_2=100.0 the rectangle is always larger than the 32x32 image");
    }

    @Test
    void settingsThatPracticallyNeverFitAreRefused() {
        // a 32x32 rectangle fits only with the corner at (0, 0): 1 try in 1024
        EraserSettings whole = new EraserSettings(0.5, 1, 1, 1, 1, 0, 255, false);
        assertThat(RandomEraser.acceptanceProbability(whole, RGB_32)).isEqualTo(1 / 1024.0);
        assertThatThrownBy(() -> new RandomEraser(whole, RGB_32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("eraser practically never fits: with s_l=1.0, s_h=1.0, r_1=1.0, r_2=1.0 only 0.098% of the random rectangles fit in the 32x32 image");
    }

    @Test
    void pOneErasesAtLeastAPixelOfEveryImageEvenWhenTheImageIsTiny() {
        // with the defaults on 4x5 pixels, int(sqrt(s / r)) or int(sqrt(s * r)) is often 0: such a
        // rectangle would erase nothing, so the loop draws again
        ImageShape tiny = new ImageShape(4, 5, 3);
        RandomEraser eraser = new RandomEraser(settings(1, false), tiny);
        for (int seed = 0; seed < SEEDS; seed++) {
            float[] image = blank(tiny);
            eraser.erase(image, SeededRandom.of(seed));
            assertThat(erasedRectangle(image, tiny)).as("seed %d", seed).isNotNull();
        }
    }

    @Test
    void settingsThatNeverGiveAWholePixelAreRefused() {
        // s <= 0.4 pixels: never a rectangle of at least 1x1
        assertThatThrownBy(() -> new RandomEraser(EraserSettings.defaults(), new ImageShape(1, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eraser can never fit: with s_l=0.02, s_h=0.4, r_1=0.3, r_2=3.3333333333333335 the rectangle is always"
                        + " less than one pixel wide or high in the 1x1 image");
    }

    @Test
    void defaultsWorkForSmallImages() {
        for (int size : new int[] {2, 4, 28, 32, 224}) {
            ImageShape shape = new ImageShape(size, size, 3);
            assertThat(RandomEraser.acceptanceProbability(EraserSettings.defaults(), shape))
                    .isGreaterThan(RandomEraser.MIN_ACCEPTANCE);
        }
    }

    @Test
    void acceptanceEstimateMatchesTheLoopItEstimates() {
        EraserSettings s = EraserSettings.defaults();
        ImageShape wide = new ImageShape(8, 64, 1);
        ImageShape tiny = new ImageShape(4, 5, 3);
        for (ImageShape shape : new ImageShape[] {RGB_32, wide, tiny}) {
            SeededRandom random = SeededRandom.of(123);
            int tries = 200_000;
            int fits = 0;
            for (int i = 0; i < tries; i++) { // one try of get_random_eraser's loop
                double area = random.uniform(s.sL(), s.sH()) * shape.height() * shape.width();
                double ratio = random.uniform(s.r1(), s.r2());
                int w = (int) Math.sqrt(area / ratio);
                int h = (int) Math.sqrt(area * ratio);
                int left = random.nextInt(shape.width());
                int top = random.nextInt(shape.height());
                fits += w >= 1 && h >= 1 && left + w <= shape.width() && top + h <= shape.height() ? 1 : 0;
            }
            assertThat(RandomEraser.acceptanceProbability(s, shape)).isCloseTo((double) fits / tries, within(0.005));
        }
    }

    private static EraserSettings settings(double p, boolean pixelLevel) {
        EraserSettings d = EraserSettings.defaults();
        return new EraserSettings(p, d.sL(), d.sH(), d.r1(), d.r2(), d.vL(), d.vH(), pixelLevel);
    }

    private static float[] blank(ImageShape shape) {
        float[] image = new float[shape.size()];
        Arrays.fill(image, UNTOUCHED);
        return image;
    }

    /** The erased rectangle of an image that was {@link #blank} before, or null when nothing was erased. */
    private static ErasedRegion erasedRectangle(float[] image, ImageShape shape) {
        return ErasedRegion.find(image, blank(shape), shape.height(), shape.width(), shape.channels());
    }

    private static float[] erasedValues(float[] image) {
        int n = 0;
        float[] values = new float[image.length];
        for (float v : image) {
            if (v != UNTOUCHED) {
                values[n++] = v;
            }
        }
        return Arrays.copyOf(values, n);
    }
}
