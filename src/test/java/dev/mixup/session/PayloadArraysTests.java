package dev.mixup.session;

import java.time.Duration;
import java.util.List;

import dev.mixup.npy.NpyDtype;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadArraysTests {

    private static final long MB = 1 << 20;

    private final MemoryBudget budget = new MemoryBudget(16 * MB, Duration.ofMillis(10));
    private final PayloadArrays arrays = new PayloadArrays(budget);

    @Test
    void aWrittenBatchsArrayServesTheNextBatchOfItsSizeAndHoldsSpareBudgetMeanwhile() {
        byte[] first = arrays.take((int) MB);
        arrays.recycle(batch(first));
        assertThat(budget.availableBytes()).isEqualTo(15 * MB);

        assertThat(arrays.take((int) MB / 2)).isNotSameAs(first).hasSize((int) MB / 2);
        assertThat(arrays.take((int) MB)).isSameAs(first);
        assertThat(budget.availableBytes()).isEqualTo(16 * MB);
        assertThat(arrays.take((int) MB)).isNotSameAs(first);
    }

    @Test
    void aRequestThatFindsTheBudgetFullGetsTheIdleArraysBudget() {
        arrays.recycle(batch(new byte[(int) (4 * MB)]));
        arrays.recycle(batch(new byte[(int) (4 * MB)]));
        assertThat(budget.availableBytes()).isEqualTo(8 * MB);

        budget.admit(12 * MB).close();
        assertThat(arrays.idleArrays()).isZero();
        assertThat(budget.availableBytes()).isEqualTo(16 * MB);
    }

    @Test
    void idleArraysAreBoundedInNumberAndByTheSpareBudget() {
        for (int i = 0; i < PayloadArrays.MAX_IDLE + 3; i++) {
            arrays.recycle(batch(new byte[1024]));
        }
        assertThat(arrays.idleArrays()).isEqualTo(PayloadArrays.MAX_IDLE);
        assertThat(budget.availableBytes()).isEqualTo(16 * MB - PayloadArrays.MAX_IDLE * 1024);

        try (MemoryBudget.Admission almostAll = budget.admit(16 * MB - PayloadArrays.MAX_IDLE * 1024)) {
            arrays.recycle(batch(new byte[1024 * 1024]));
            assertThat(arrays.idleArrays()).isEqualTo(PayloadArrays.MAX_IDLE);
            assertThat(budget.availableBytes()).isZero();
        }
    }

    @Test
    void arraysNobodyTookSinceTheCutoffAreGivenBack() {
        arrays.recycle(batch(new byte[(int) MB]));
        long between = System.nanoTime();
        arrays.recycle(batch(new byte[(int) MB]));

        arrays.dropRecycledBefore(between);
        assertThat(arrays.idleArrays()).isOne();
        assertThat(budget.availableBytes()).isEqualTo(15 * MB);
        arrays.dropRecycledBefore(System.nanoTime() + 1);
        assertThat(arrays.idleArrays()).isZero();
        assertThat(budget.availableBytes()).isEqualTo(16 * MB);
    }

    private static Batch batch(byte[] images) {
        OutputArray x = new OutputArray("x", NpyDtype.UINT8, new long[] {images.length}, images);
        return new Batch(0, 0, x, List.of(), null);
    }
}
