package dev.mixup.core;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a whole dataset (what Keras' {@code fit()} computes),
 * in raw pixel units. The standard deviation is the population one ({@code np.std}, ddof 0).
 */
public record ChannelStatistics(double[] mean, double[] std) {

    public ChannelStatistics {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("channel statistics need one mean and one std per channel");
        }
        mean = mean.clone();
        std = std.clone();
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] >= 0) || Double.isInfinite(std[c])) {
                throw new IllegalArgumentException("channel " + c + " has mean " + mean[c] + " and std " + std[c] + "; both must be finite, std >= 0");
            }
        }
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelStatistics that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStatistics[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
