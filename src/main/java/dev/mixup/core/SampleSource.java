package dev.mixup.core;

/** Read access to a dataset's samples: images as HWC floats, label rows as floats. */
public interface SampleSource {

    int samples();

    ImageShape imageShape();

    /** Number of label arrays (multi-task datasets have several). */
    int labelArrays();

    /** Values per sample in label array {@code array} (K for one-hot labels). */
    int labelWidth(int array);

    /**
     * Whether label array {@code array} holds one-hot rows that were integer class ids in the
     * upload: {@code label_smoothing} applies to these arrays only.
     */
    boolean oneHotEncoded(int array);

    void readImage(int index, float[] into);

    /**
     * mixup's {@code into = lam * x[first] + (1 - lam) * x[second]}, in float32. A source that
     * stores narrower values can do it in one pass over its bytes, with the same floats.
     *
     * @param scratch an array of the image's size that may be overwritten
     */
    default void readMixed(int first, int second, float lam, float[] into, float[] scratch) {
        readImage(first, into);
        readImage(second, scratch);
        Mixup.mix(lam, into, scratch);
    }

    void readLabel(int array, int index, float[] into);
}
