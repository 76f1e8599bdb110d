package dev.mixup.dataset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

import dev.mixup.core.ImageShape;
import dev.mixup.core.SampleSource;
import dev.mixup.npy.NpyDtype;

/** Reads images and label rows straight from the memory-mapped arrays, converting to float as it goes. */
final class DatasetSamples implements SampleSource {

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int samples;
    private final ImageShape shape;
    private final NpyDtype imageDtype;
    private final MemorySegment images;
    private final List<MemorySegment> labels;
    private final int[] labelWidths;
    private final List<Boolean> oneHotEncoded;
    /**
     * Per thread, room for the bytes of the two images being mixed: a new array per image is memory
     * that is not in the cache yet, which costs as much as the copy itself.
     */
    private final ThreadLocal<byte[][]> imageBytes;

    /** @param oneHotEncoded per label array, whether it was one-hot encoded from class ids at upload */
    DatasetSamples(MappedArray x, List<MappedArray> labelArrays, List<Boolean> oneHotEncoded) {
        long[] dims = x.header().shape();
        this.samples = (int) dims[0];
        this.shape = new ImageShape((int) dims[1], (int) dims[2], dims.length == 4 ? (int) dims[3] : 1);
        this.imageDtype = x.header().dtype();
        this.images = x.data();
        this.labels = labelArrays.stream().map(MappedArray::data).toList();
        this.labelWidths = labelArrays.stream().mapToInt(a -> (int) (a.header().elementCount() / samples)).toArray();
        this.oneHotEncoded = List.copyOf(oneHotEncoded);
        this.imageBytes = ThreadLocal.withInitial(() -> new byte[2][shape.size()]);
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public ImageShape imageShape() {
        return shape;
    }

    @Override
    public int labelArrays() {
        return labels.size();
    }

    @Override
    public int labelWidth(int array) {
        return labelWidths[array];
    }

    @Override
    public boolean oneHotEncoded(int array) {
        return oneHotEncoded.get(array);
    }

    /**
     * One bulk copy out of the mapped segment, then a conversion loop over a heap array that the JIT
     * vectorises: reading a shared segment element by element checks its liveness on every access.
     */
    @Override
    public void readImage(int index, float[] into) {
        int n = shape.size();
        long offset = (long) index * n * imageDtype.itemSize();
        switch (imageDtype) {
            case UINT8 -> {
                byte[] bytes = centredBytes(index, 0);
                for (int i = 0; i < n; i++) {
                    into[i] = bytes[i] + 128f;
                }
            }
            case UINT16 -> {
                short[] shorts = new short[n];
                MemorySegment.copy(images, SHORT_LE, offset, shorts, 0, n);
                for (int i = 0; i < n; i++) {
                    into[i] = shorts[i] & 0xFFFF;
                }
            }
            case FLOAT16 -> {
                short[] shorts = new short[n];
                MemorySegment.copy(images, SHORT_LE, offset, shorts, 0, n);
                for (int i = 0; i < n; i++) {
                    into[i] = Float.float16ToFloat(shorts[i]);
                }
            }
            case FLOAT32 -> MemorySegment.copy(images, FLOAT_LE, offset, into, 0, n);
            default -> throw new IllegalStateException("unsupported stored image dtype " + imageDtype);
        }
    }

    /** uint8 images, the common case, are mixed straight from their bytes: one pass instead of three. */
    @Override
    public void readMixed(int first, int second, float lam, float[] into, float[] scratch) {
        if (imageDtype != NpyDtype.UINT8) {
            SampleSource.super.readMixed(first, second, lam, into, scratch);
            return;
        }
        byte[] firstBytes = centredBytes(first, 0);
        byte[] secondBytes = centredBytes(second, 1);
        float rest = 1f - lam;
        for (int i = 0; i < into.length; i++) {
            into[i] = lam * (firstBytes[i] + 128f) + rest * (secondBytes[i] + 128f);
        }
    }

    /**
     * A uint8 image's values minus 128, as signed bytes: the JIT converts signed bytes to floats
     * many at a time but unsigned ones ({@code b & 0xFF}) one by one, and {@code (u - 128) + 128f}
     * is exactly {@code u}. Returns this thread's buffer {@code slot}, overwritten by the next call for it.
     */
    private byte[] centredBytes(int index, int slot) {
        int n = shape.size();
        byte[] bytes = imageBytes.get()[slot];
        MemorySegment.copy(images, ValueLayout.JAVA_BYTE, (long) index * n, bytes, 0, n);
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x80);
        }
        return bytes;
    }

    @Override
    public void readLabel(int array, int index, float[] into) {
        int width = labelWidths[array];
        MemorySegment.copy(labels.get(array), FLOAT_LE, (long) index * width * Float.BYTES, into, 0, width);
    }
}
