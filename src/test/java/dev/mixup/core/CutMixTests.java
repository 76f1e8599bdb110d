package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CutMixTests {

    private static final ImageShape SHAPE = new ImageShape(6, 8, 2);

    @Test
    void pasteCopiesExactlyTheBoxFromTheSecondImage() {
        CutMix cutMix = new CutMix(MixingSettings.builder().cutmixAlpha(1.0).build(), SHAPE);
        float[] first = new float[SHAPE.size()];
        float[] second = Images.ramp(SHAPE);
        cutMix.paste(new Box(1, 2, 4, 7), second, first);
        for (int row = 0; row < 6; row++) {
            for (int col = 0; col < 8; col++) {
                boolean inside = row >= 1 && row < 4 && col >= 2 && col < 7;
                for (int c = 0; c < 2; c++) {
                    assertThat(Images.at(first, SHAPE, row, col, c)).isEqualTo(inside ? Images.at(second, SHAPE, row, col, c) : 0);
                }
            }
        }
    }

    @Test
    void correctedLamIsTheShareOfTheFirstImageLeft() {
        CutMix cutMix = new CutMix(MixingSettings.builder().cutmixAlpha(1.0).build(), SHAPE);
        for (int seed = 0; seed < 200; seed++) {
            CutMix.Cut cut = cutMix.draw(SeededRandom.of(seed));
            assertThat(cut.lam()).isEqualTo((float) (1 - cut.box().area() / 48.0));
            assertThat(cut.box().area()).isBetween(0, 48);
        }
    }

    @Test
    void aLamNearOneGivesAnEmptyBoxAndNearZeroTheWholeImage() {
        ImageShape square = new ImageShape(10, 10, 1);
        // Beta(1e-6, 1e-6) draws are all but exactly 0 or 1
        CutMix extreme = new CutMix(MixingSettings.builder().cutmixAlpha(1e-6).correctLam(false).build(), square);
        boolean empty = false;
        boolean whole = false;
        for (int seed = 0; seed < 100; seed++) {
            CutMix.Cut cut = extreme.draw(SeededRandom.of(seed));
            if (cut.lam() == 1) {
                assertThat(cut.box().area()).isZero();
                empty = true;
            } else if (cut.lam() == 0) {
                // a 10x10 box centred on a pixel, clipped: the centre row and column decide how much is left
                assertThat(cut.box().area()).isGreaterThanOrEqualTo(25);
                whole |= cut.box().area() == 100;
            }
        }
        assertThat(empty).isTrue();
        assertThat(whole).as("centred at (5, 5), [0, 10) x [0, 10)").isTrue();
    }

    @Test
    void minmaxThatLeavesNoBoxSizeForTheImageIsRefused() {
        // int(6 * 0.3) = int(6 * 0.33) = 1: NumPy's randint(1, 1) has nothing to draw
        assertThatThrownBy(() -> new CutMix(MixingSettings.builder().cutmixMinmax(new Range(0.3, 0.33)).build(), SHAPE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cutmix_minmax [0.3, 0.33] leaves no box size on a 6x8 image");
        assertThat(new CutMix(MixingSettings.builder().cutmixMinmax(new Range(0.3, 0.5)).build(), SHAPE)).isNotNull();
    }
}
