package dev.mixup.web;

import java.io.IOException;
import java.io.OutputStream;

import dev.mixup.session.Batch;

/** The {@code stream} endpoint's payload writer, for the benchmarks. */
public final class BenchPayloads {

    private BenchPayloads() {
    }

    public static long writeNpy(Batch batch, OutputStream out) throws IOException {
        return BatchPayloads.writeNpy(BatchPayloads.members(batch, false), out);
    }
}
