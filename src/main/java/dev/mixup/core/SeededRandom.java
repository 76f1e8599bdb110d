package dev.mixup.core;

import org.apache.commons.math3.random.AbstractRandomGenerator;

/**
 * A small, fast generator (SplitMix64) whose whole state comes from a list of keys such as
 * {@code (seed, step, sample)}. Every random decision of a batch draws from a generator made
 * this way, so any step can be recomputed alone, on any replica, without shared mutable state.
 */
public final class SeededRandom extends AbstractRandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private SeededRandom(long state) {
        this.state = state;
    }

    /** A generator for the given keys; different key lists give independent streams. */
    public static SeededRandom of(long... keys) {
        long state = 0x6A09E667F3BCC908L;
        for (long key : keys) {
            state = mix64(state + GOLDEN_GAMMA) ^ key;
            state = mix64(state);
        }
        return new SeededRandom(state);
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /** Uniform in {@code [0, bound)} without modulo bias (java.util.Random's rejection scheme). */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int r = next31();
        int m = bound - 1;
        if ((bound & m) == 0) {
            return (int) ((bound * (long) r) >> 31);
        }
        for (int u = r; u - (r = u % bound) + m < 0; u = next31()) {
            // rejected: u fell into the incomplete last block
        }
        return r;
    }

    private int next31() {
        return (int) (nextLong() >>> 33);
    }

    /** Uniform in {@code [low, high)}; {@code low} when the range is empty. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Generators are made from keys; reseeding would break the pure-function contract. */
    @Override
    public void setSeed(long seed) {
        throw new UnsupportedOperationException("SeededRandom is created from keys, see SeededRandom.of");
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
