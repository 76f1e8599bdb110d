package dev.mixup.core;

/** Read access to a dataset's samples: images as HWC floats, label rows as floats. */
public interface SampleSource {

    int samples();

    ImageShape imageShape();

    /** Number of label arrays (multi-task datasets have several). */
    int labelArrays();

    /** Values per sample in label array {@code array} (K for one-hot labels). */
    int labelWidth(int array);

    void readImage(int index, float[] into);

    void readLabel(int array, int index, float[] into);
}
