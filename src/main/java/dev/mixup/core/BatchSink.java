package dev.mixup.core;

/** Receives each finished output sample of a batch, in order, so it can be written straight to the payload. */
public interface BatchSink {

    /** The finished image {@code b} of the batch, HWC; the array is reused after the call returns. */
    void image(int b, float[] pixels);

    /** The mixed label row {@code b} of label array {@code array}; reused after the call returns. */
    void label(int array, int b, float[] values);
}
