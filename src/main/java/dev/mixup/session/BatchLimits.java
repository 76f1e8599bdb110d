package dev.mixup.session;

/** Bounds that keep one session from exhausting the heap ({@code mixup.max-batch-size}, {@code mixup.max-batch-bytes}). */
record BatchLimits(int maxBatchSize, long maxBatchBytes) {
}
