package dev.mixup.client;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small datasets whose sample {@code i} is recognisable: every pixel of image i is i % 256, its label i % classes. */
final class TestData {

    private TestData() {
    }

    static INDArray images(int samples, int height, int width, int channels) {
        INDArray x = Nd4j.create(DataType.FLOAT, samples, height, width, channels);
        for (int i = 0; i < samples; i++) {
            x.slice(i).assign(i % 256);
        }
        return x.castTo(DataType.UBYTE);
    }

    static INDArray classIds(int samples, int classes) {
        INDArray y = Nd4j.create(DataType.LONG, samples);
        for (int i = 0; i < samples; i++) {
            y.putScalar(i, i % classes);
        }
        return y;
    }
}
