package dev.mixup.core;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeededRandomTests {

    @Test
    void sameKeysSameStreamOtherKeysOtherStream() {
        assertThat(SeededRandom.of(1, 2, 3).nextLong()).isEqualTo(SeededRandom.of(1, 2, 3).nextLong());
        assertThat(SeededRandom.of(1, 2, 3).nextLong()).isNotEqualTo(SeededRandom.of(1, 3, 2).nextLong());
        assertThat(SeededRandom.of(0).nextLong()).isNotEqualTo(SeededRandom.of(0, 0).nextLong());
    }

    @Test
    void nextIntIsUniformOverItsRange() {
        SeededRandom random = SeededRandom.of(9);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[random.nextInt(7)]++;
        }
        assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(9_500, 10_500));
    }

    @Test
    void nextDoubleStaysInUnitInterval() {
        SeededRandom random = SeededRandom.of(4);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            double d = random.nextDouble();
            assertThat(d).isGreaterThanOrEqualTo(0).isLessThan(1);
            sum += d;
        }
        assertThat(sum / 100_000).isBetween(0.495, 0.505);
    }
}
