package dev.mixup.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import dev.mixup.core.BatchSink;
import dev.mixup.core.ImageShape;

/**
 * Writes each finished sample straight into the payload bytes, in the session's dtype and layout,
 * so a batch is touched once after it is computed.
 */
final class BatchOutput implements BatchSink {

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final ImageShape shape;
    private final OutputDtype dtype;
    private final boolean channelsFirst;
    private final byte[] images;
    private final byte[][] labels;
    private final int[] labelWidths;

    BatchOutput(int batchSize, ImageShape shape, OutputDtype dtype, DataFormat format, int[] labelWidths) {
        this.shape = shape;
        this.dtype = dtype;
        this.channelsFirst = format == DataFormat.CHANNELS_FIRST && shape.channels() > 1;
        this.images = new byte[batchSize * shape.size() * dtype.npy().itemSize()];
        this.labelWidths = labelWidths;
        this.labels = new byte[labelWidths.length][];
        for (int i = 0; i < labelWidths.length; i++) {
            labels[i] = new byte[batchSize * labelWidths[i] * Float.BYTES];
        }
    }

    byte[] images() {
        return images;
    }

    byte[] labels(int array) {
        return labels[array];
    }

    @Override
    public void image(int b, float[] pixels) {
        int base = b * shape.size();
        if (!channelsFirst) {
            for (int i = 0; i < pixels.length; i++) {
                put(base + i, pixels[i]);
            }
            return;
        }
        int channels = shape.channels();
        int plane = shape.pixels();
        for (int c = 0; c < channels; c++) {
            int to = base + c * plane;
            for (int p = 0, from = c; p < plane; p++, from += channels) {
                put(to + p, pixels[from]);
            }
        }
    }

    @Override
    public void label(int array, int b, float[] values) {
        int base = b * labelWidths[array];
        for (int i = 0; i < values.length; i++) {
            FLOAT.set(labels[array], (base + i) * Float.BYTES, values[i]);
        }
    }

    private void put(int element, float value) {
        if (dtype == OutputDtype.FLOAT32) {
            FLOAT.set(images, element * Float.BYTES, value);
        } else {
            SHORT.set(images, element * Short.BYTES, Float.floatToFloat16(value));
        }
    }
}
