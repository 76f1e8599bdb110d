package dev.mixup.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBudgetTests {

    private static final long MB = 1 << 20;

    @Test
    void admissionsHoldTheirBytesUntilClosed() {
        MemoryBudget budget = new MemoryBudget(4 * MB, Duration.ofMillis(10));
        MemoryBudget.Admission first = budget.admit(3 * MB);
        assertThat(budget.availableBytes()).isEqualTo(MB);
        assertThatThrownBy(() -> budget.admit(2 * MB)).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("nothing was changed");
        first.close();
        first.close();
        assertThat(budget.availableBytes()).isEqualTo(4 * MB);
        budget.admit(4 * MB).close();
    }

    @Test
    void aWaitingRequestIsAdmittedWhenMemoryComesBack() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MB, Duration.ofMinutes(1));
        MemoryBudget.Admission held = budget.admit(3 * MB);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try (MemoryBudget.Admission admitted = budget.admit(2 * MB)) {
                return budget.availableBytes();
            }
        });
        awaitQueued(budget);
        held.close();
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isEqualTo(2 * MB);
    }

    @Test
    void spareBudgetIsNeverTakenAheadOfAWaitingRequest() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MB, Duration.ofMinutes(1));
        MemoryBudget.Admission held = budget.admit(3 * MB);
        assertThat(budget.tryTakeSpare(MB)).isTrue();
        budget.release(MB);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> budget.admit(2 * MB).close());
        awaitQueued(budget);
        assertThat(budget.availableBytes()).isEqualTo(MB);
        assertThat(budget.tryTakeSpare(MB)).isFalse();
        held.close();
        waiting.get(1, TimeUnit.MINUTES);
        assertThat(budget.tryTakeSpare(MB)).isTrue();
    }

    /** Taking nothing spare fails only while a request waits. */
    private static void awaitQueued(MemoryBudget budget) throws InterruptedException {
        while (budget.tryTakeSpare(0)) {
            Thread.sleep(1);
        }
    }

    @Test
    void aFullBudgetFirstAsksWhatCanBeDroppedToGiveBack() {
        MemoryBudget budget = new MemoryBudget(4 * MB, Duration.ofMillis(10));
        assertThat(budget.tryTakeSpare(3 * MB)).isTrue();
        AtomicInteger asked = new AtomicInteger();
        budget.onPressure(() -> {
            asked.incrementAndGet();
            budget.release(3 * MB);
        });
        budget.admit(MB).close();
        assertThat(asked).hasValue(0);
        budget.admit(2 * MB).close();
        assertThat(asked).hasValue(1);
        assertThat(budget.availableBytes()).isEqualTo(4 * MB);
    }
}
