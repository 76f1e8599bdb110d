package dev.mixup.core;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which samples every global step mixes (DESIGN §1).
 *
 * <p>Epoch {@code e} visits the samples in the order {@code P_e}: a permutation drawn from
 * {@code (seed, e)} when shuffling, else {@code 0..N-1}. Shard {@code s} of {@code S} takes the
 * contiguous slice {@code [s*N/S, (s+1)*N/S)} of that order, so shards of one seed never share a
 * sample within an epoch. Step {@code j} of the epoch reads {@code 2B} consecutive entries of the
 * slice: the first {@code B} are the first images, the next {@code B} the second images. The
 * {@code (N/S) mod 2B} leftover samples sit that epoch out.
 */
public final class BatchPlan {

    static final long ORDER_STREAM = 0x4F52444552L; // "ORDER"

    private final int samples;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int shardIndex;
    private final int shardSize;
    private final long stepsPerEpoch;
    private final AtomicReference<EpochOrder> lastOrder = new AtomicReference<>();

    public BatchPlan(int samples, int batchSize, boolean shuffle, long seed, int shardIndex, int shardCount) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch_size must be positive, got " + batchSize);
        }
        if (shardCount <= 0 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException(
                    "shard_index must be in [0, shard_count), got shard_index=" + shardIndex + ", shard_count=" + shardCount);
        }
        this.samples = samples;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.shardIndex = shardIndex;
        this.shardSize = samples / shardCount;
        this.stepsPerEpoch = shardSize / (2L * batchSize);
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("steps_per_epoch would be 0: a step needs 2 * batch_size = " + 2L * batchSize
                    + " samples but each of the " + shardCount + " shard(s) has " + shardSize + " of the dataset's " + samples);
        }
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public int batchSize() {
        return batchSize;
    }

    public long epochOf(long step) {
        return step / stepsPerEpoch;
    }

    public Pairs pairs(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        long epoch = epochOf(step);
        int[] order = order(epoch);
        int start = shardIndex * shardSize + (int) (step % stepsPerEpoch) * 2 * batchSize;
        int[] first = new int[batchSize];
        int[] second = new int[batchSize];
        System.arraycopy(order, start, first, 0, batchSize);
        System.arraycopy(order, start + batchSize, second, 0, batchSize);
        return new Pairs(step, epoch, first, second);
    }

    /** Steps come in epoch order, so remembering the last epoch's permutation avoids redrawing it per step. */
    private int[] order(long epoch) {
        EpochOrder cached = lastOrder.get();
        if (cached != null && cached.epoch == epoch) {
            return cached.order;
        }
        int[] order = shuffle ? permutation(samples, SeededRandom.of(seed, ORDER_STREAM, epoch)) : identity(samples);
        lastOrder.set(new EpochOrder(epoch, order));
        return order;
    }

    /** Fisher-Yates: every permutation equally likely. */
    static int[] permutation(int n, SeededRandom random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private record EpochOrder(long epoch, int[] order) {
    }
}
