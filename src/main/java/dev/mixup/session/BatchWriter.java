package dev.mixup.session;

import java.io.IOException;

/** Writes a batch to where it is going (the response), while the batch memory it needs is held. */
@FunctionalInterface
public interface BatchWriter {

    void write(Batch batch) throws IOException;
}
