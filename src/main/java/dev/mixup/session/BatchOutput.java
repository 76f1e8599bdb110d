package dev.mixup.session;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import dev.mixup.core.BatchSink;
import dev.mixup.core.ImageShape;

/**
 * Writes each finished sample straight into the payload bytes, in the session's dtype and layout,
 * so a batch is touched once after it is computed.
 */
final class BatchOutput implements BatchSink {

    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final ImageShape shape;
    private final OutputDtype dtype;
    private final boolean channelsFirst;
    private final byte[] images;
    private final MemorySegment imageBytes;
    private final byte[][] labels;
    private final MemorySegment[] labelBytes;
    private final int[] labelWidths;
    /** Reused for every image of the batch: a new array per image would be memory not yet in the cache. */
    private final float[] planar;
    private final short[] halves;

    /** @param images {@link #imageLength(int, ImageShape, OutputDtype)} bytes, every one of which is overwritten */
    BatchOutput(int batchSize, ImageShape shape, OutputDtype dtype, DataFormat format, int[] labelWidths, byte[] images) {
        this.shape = shape;
        this.dtype = dtype;
        this.channelsFirst = format == DataFormat.CHANNELS_FIRST && shape.channels() > 1;
        if (images.length != imageLength(batchSize, shape, dtype)) {
            throw new IllegalArgumentException("a batch of " + batchSize + " images needs " + imageLength(batchSize, shape, dtype)
                    + " bytes, got " + images.length);
        }
        this.images = images;
        this.imageBytes = MemorySegment.ofArray(images);
        this.labelWidths = labelWidths;
        this.planar = channelsFirst ? new float[shape.size()] : null;
        this.halves = dtype == OutputDtype.FLOAT16 ? new short[shape.size()] : null;
        this.labels = new byte[labelWidths.length][];
        this.labelBytes = new MemorySegment[labelWidths.length];
        for (int i = 0; i < labelWidths.length; i++) {
            labels[i] = new byte[batchSize * labelWidths[i] * Float.BYTES];
            labelBytes[i] = MemorySegment.ofArray(labels[i]);
        }
    }

    static int imageLength(int batchSize, ImageShape shape, OutputDtype dtype) {
        return batchSize * shape.size() * dtype.npy().itemSize();
    }

    byte[] images() {
        return images;
    }

    byte[] labels(int array) {
        return labels[array];
    }

    /** No per-element branches: a loop the JIT vectorises where a conversion is needed, then one bulk copy into the payload. */
    @Override
    public void image(int b, float[] pixels) {
        float[] ordered = channelsFirst ? toChannelsFirst(pixels) : pixels;
        int n = ordered.length;
        if (dtype == OutputDtype.FLOAT32) {
            MemorySegment.copy(ordered, 0, imageBytes, FLOAT_LE, (long) b * n * Float.BYTES, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            halves[i] = Float.floatToFloat16(ordered[i]);
        }
        MemorySegment.copy(halves, 0, imageBytes, SHORT_LE, (long) b * n * Short.BYTES, n);
    }

    @Override
    public void label(int array, int b, float[] values) {
        int n = labelWidths[array];
        MemorySegment.copy(values, 0, labelBytes[array], FLOAT_LE, (long) b * n * Float.BYTES, n);
    }

    private float[] toChannelsFirst(float[] pixels) {
        int channels = shape.channels();
        int plane = shape.pixels();
        for (int c = 0; c < channels; c++) {
            int to = c * plane;
            for (int p = 0, from = c; p < plane; p++, from += channels) {
                planar[to + p] = pixels[from];
            }
        }
        return planar;
    }
}
