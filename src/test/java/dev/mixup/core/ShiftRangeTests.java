package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftRangeTests {

    @Test
    void echoesTheSettingAsGiven() {
        assertThat(ShiftRange.ofInt(2).isInteger()).isTrue();
        assertThat(ShiftRange.ofInt(2).value()).isEqualTo(2);
        assertThat(ShiftRange.ofInt(2)).hasToString("2").isNotEqualTo(ShiftRange.ofFloat(2));
        assertThat(ShiftRange.ofFloat(2)).hasToString("2.0");
        assertThat(ShiftRange.ofFloat(0.1).isInteger()).isFalse();
        assertThat(ShiftRange.ofFloat(-0.0)).isEqualTo(ShiftRange.none()).isEqualTo(ShiftRange.ofFloat(0));
    }

    @Test
    void rejectsNegativeAndNonFiniteRanges() {
        assertThatThrownBy(() -> ShiftRange.ofFloat(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("width_shift_range and height_shift_range must be finite and >= 0, got -0.1");
        assertThatThrownBy(() -> ShiftRange.ofFloat(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShiftRange.ofFloat(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShiftRange.ofInt(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("width_shift_range and height_shift_range must be >= 0, got -2");
    }

    @Test
    void zeroDrawsNothing() {
        SeededRandom random = SeededRandom.of(5);
        assertThat(ShiftRange.none().sample(random, 32)).isZero();
        assertThat(ShiftRange.ofInt(0).sample(random, 32)).isZero();
        assertThat(random.nextLong()).isEqualTo(SeededRandom.of(5).nextLong());
    }

    @Test
    void intRangeDrawsWholePixelsStrictlyInside() {
        Map<Double, Integer> counts = new HashMap<>();
        for (int seed = 0; seed < 3000; seed++) {
            counts.merge(ShiftRange.ofInt(3).sample(SeededRandom.of(seed), 100), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(-2.0, -1.0, 0.0, 1.0, 2.0);
        // Keras' choice(n) * choice([-1, 1]): 0 has 1/3, the others 1/6 each
        assertThat(counts.get(0.0)).isBetween(900, 1100);
        assertThat(counts.get(2.0)).isBetween(420, 580);
        assertThat(ShiftRange.ofInt(1).sample(SeededRandom.of(1), 100)).isZero();
    }

    @Test
    void floatBelowOneIsAFractionOfTheLength() {
        for (int seed = 0; seed < 500; seed++) {
            assertThat(ShiftRange.ofFloat(0.25).sample(SeededRandom.of(seed), 40)).isStrictlyBetween(-10.0, 10.0);
        }
    }

    @Test
    void floatOfOneOrMoreIsPixels() {
        for (int seed = 0; seed < 500; seed++) {
            assertThat(ShiftRange.ofFloat(1.0).sample(SeededRandom.of(seed), 40)).isBetween(-1.0, 1.0);
            assertThat(ShiftRange.ofFloat(3.5).sample(SeededRandom.of(seed), 40)).isBetween(-3.5, 3.5);
        }
    }
}
