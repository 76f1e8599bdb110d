package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftRangeTests {

    @Test
    void integralNumbersAreWholePixelRangesAndEchoedAsGiven() {
        assertThat(ShiftRange.of(2).isInteger()).isTrue();
        assertThat(ShiftRange.of(2L).isInteger()).isTrue();
        assertThat(ShiftRange.of(2).value()).isEqualTo(2);
        assertThat(ShiftRange.of(2)).hasToString("2").isNotEqualTo(ShiftRange.of(2.0)).isEqualTo(ShiftRange.of(2L));
        assertThat(ShiftRange.of(2.0)).hasToString("2.0");
        assertThat(ShiftRange.of(0.1).isInteger()).isFalse();
        assertThat(ShiftRange.of(-0.0)).isEqualTo(ShiftRange.none()).isEqualTo(ShiftRange.of(0.0));
    }

    @Test
    void hugeIntegersKeepTheirSizeInsteadOfWrapping() {
        // 4294967301 = 2^32 + 5: as an int it would be 5
        assertThat(ShiftRange.of(4294967301L).value()).isEqualTo(4294967301.0);
        assertThat(ShiftRange.of(4294967301L)).hasToString("4294967301");
        BigInteger beyondLong = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5));
        assertThat(ShiftRange.of(beyondLong).value()).isGreaterThan(1e19);
    }

    @Test
    void zeroDrawsNothing() {
        SeededRandom random = SeededRandom.of(5);
        assertThat(ShiftRange.none().sample(random, 32)).isZero();
        assertThat(ShiftRange.of(0).sample(random, 32)).isZero();
        assertThat(random.nextLong()).isEqualTo(SeededRandom.of(5).nextLong());
    }

    @Test
    void intRangeDrawsWholePixelsStrictlyInside() {
        Map<Double, Integer> counts = new HashMap<>();
        for (int seed = 0; seed < 3000; seed++) {
            counts.merge(ShiftRange.of(3).sample(SeededRandom.of(seed), 100), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(-2.0, -1.0, 0.0, 1.0, 2.0);
        // Keras' choice(n) * choice([-1, 1]): 0 has 1/3, the others 1/6 each
        assertThat(counts.get(0.0)).isBetween(900, 1100);
        assertThat(counts.get(2.0)).isBetween(420, 580);
        assertThat(ShiftRange.of(1).sample(SeededRandom.of(1), 100)).isZero();
    }

    @Test
    void floatBelowOneIsAFractionOfTheLength() {
        for (int seed = 0; seed < 500; seed++) {
            assertThat(ShiftRange.of(0.25).sample(SeededRandom.of(seed), 40)).isStrictlyBetween(-10.0, 10.0);
        }
    }

    @Test
    void floatOfOneOrMoreIsPixels() {
        for (int seed = 0; seed < 500; seed++) {
            assertThat(ShiftRange.of(1.0).sample(SeededRandom.of(seed), 40)).isBetween(-1.0, 1.0);
            assertThat(ShiftRange.of(3.5).sample(SeededRandom.of(seed), 40)).isBetween(-3.5, 3.5);
        }
    }
}
