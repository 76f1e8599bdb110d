package dev.mixup.core;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchPlanTests {

    @Test
    void stepsPerEpochIsFloorOfSamplesOverTwoBatches() {
        assertThat(new BatchPlan(100, 8, true, 1, 0, 1).stepsPerEpoch()).isEqualTo(6);
        assertThat(new BatchPlan(16, 8, true, 1, 0, 1).stepsPerEpoch()).isEqualTo(1);
        assertThatThrownBy(() -> new BatchPlan(15, 8, true, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps_per_epoch would be 0");
    }

    @Test
    void everySampleIsUsedAtMostOncePerEpochAndLeftoversAreFew() {
        BatchPlan plan = new BatchPlan(103, 5, true, 42, 0, 1);
        for (long epoch = 0; epoch < 3; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (long j = 0; j < plan.stepsPerEpoch(); j++) {
                Pairs pairs = plan.pairs(epoch * plan.stepsPerEpoch() + j);
                assertThat(pairs.epoch()).isEqualTo(epoch);
                for (int b = 0; b < 5; b++) {
                    assertThat(seen.add(pairs.first()[b])).isTrue();
                    assertThat(seen.add(pairs.second()[b])).isTrue();
                }
            }
            assertThat(seen).hasSize(100).allMatch(i -> i >= 0 && i < 103);
        }
    }

    @Test
    void eachEpochHasAFreshOrderAndTheSameSeedRepeatsIt() {
        BatchPlan plan = new BatchPlan(1000, 10, true, 7, 0, 1);
        int[] epoch0 = plan.pairs(0).first();
        int[] epoch1 = plan.pairs(plan.stepsPerEpoch()).first();
        assertThat(epoch1).isNotEqualTo(epoch0);
        assertThat(new BatchPlan(1000, 10, true, 7, 0, 1).pairs(0).first()).isEqualTo(epoch0);
        assertThat(new BatchPlan(1000, 10, true, 8, 0, 1).pairs(0).first()).isNotEqualTo(epoch0);
    }

    @Test
    void withoutShufflePairsAreConsecutiveRuns() {
        BatchPlan plan = new BatchPlan(20, 3, false, 0, 0, 1);
        Pairs step1 = plan.pairs(1);
        assertThat(step1.first()).containsExactly(6, 7, 8);
        assertThat(step1.second()).containsExactly(9, 10, 11);
        assertThat(plan.pairs(plan.stepsPerEpoch() + 1).first()).containsExactly(6, 7, 8);
    }

    @Test
    void shardsOfOneSeedAreDisjointWithinAnEpoch() {
        int shards = 3;
        Set<Integer> all = new HashSet<>();
        int used = 0;
        for (int s = 0; s < shards; s++) {
            BatchPlan plan = new BatchPlan(120, 4, true, 99, s, shards);
            assertThat(plan.stepsPerEpoch()).isEqualTo(5);
            for (long step = 0; step < plan.stepsPerEpoch(); step++) {
                Pairs pairs = plan.pairs(step);
                IntStream.concat(Arrays.stream(pairs.first()), Arrays.stream(pairs.second())).forEach(all::add);
                used += 8;
            }
        }
        assertThat(all).hasSize(used);
    }

    @Test
    void rejectsBadShards() {
        assertThatThrownBy(() -> new BatchPlan(100, 2, true, 0, 2, 2)).hasMessageContaining("shard_index");
        assertThatThrownBy(() -> new BatchPlan(100, 2, true, 0, 0, 0)).hasMessageContaining("shard_count");
    }

    @Test
    void permutationIsUniformEnough() {
        // position of element 0 over many permutations of 4: each of 4 slots about 1/4 of the time
        int[] counts = new int[4];
        for (int trial = 0; trial < 40_000; trial++) {
            int[] order = BatchPlan.permutation(4, SeededRandom.of(trial));
            for (int i = 0; i < 4; i++) {
                if (order[i] == 0) {
                    counts[i]++;
                }
            }
        }
        assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(9_400, 10_600));
    }
}
