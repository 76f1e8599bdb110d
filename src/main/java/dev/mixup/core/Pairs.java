package dev.mixup.core;

/**
 * The samples one step mixes: output {@code b} is made of {@code first[b]} and {@code second[b]}.
 * Both halves come from one contiguous run of the epoch order, so no sample appears twice.
 */
public record Pairs(long step, long epoch, int[] first, int[] second) {
}
