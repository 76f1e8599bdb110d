package dev.mixup.session;

import java.util.List;

import dev.mixup.core.Mixup;

/** A produced step: {@code x}, the label arrays in dataset order, and what was mixed with what. */
public record Batch(long step, long epoch, OutputArray x, List<OutputArray> labels, Mixup.Provenance provenance) {

    public long payloadBytes() {
        return x.data().length + labels.stream().mapToLong(l -> l.data().length).sum();
    }
}
