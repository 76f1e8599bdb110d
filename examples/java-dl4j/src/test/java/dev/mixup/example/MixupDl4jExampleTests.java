package dev.mixup.example;

import dev.mixup.client.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The example as CI runs it: one epoch from {@code session.iterator()} against the real service. */
class MixupDl4jExampleTests {

    @Test
    void oneEpochOfMixedBatchesLearnsTheShapes() {
        double accuracy = MixupDl4jExample.trainOneEpoch(RunningService.shared().client(), 2048, 7);
        System.out.printf("accuracy after one epoch: %.3f%n", accuracy);
        assertThat(accuracy).as("four classes: chance is 0.25").isGreaterThan(0.6);
    }
}
