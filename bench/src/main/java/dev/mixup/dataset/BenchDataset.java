package dev.mixup.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import dev.mixup.core.ImageShape;
import dev.mixup.core.SampleSource;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyWriter;

/**
 * A CIFAR-shaped dataset as the store keeps it ({@code x.npy} uint8, one one-hot float32 label array),
 * written to a directory and memory-mapped by the service's own reader.
 */
public final class BenchDataset {

    public static final String LABEL_NAME = "y";

    private BenchDataset() {
    }

    public static SampleSource create(Path directory, int samples, ImageShape shape, int classes) throws IOException {
        Random random = new Random(0);
        byte[] pixels = new byte[samples * shape.size()];
        random.nextBytes(pixels);
        Path x = directory.resolve(DatasetImporter.IMAGES_FILE);
        write(x, NpyDtype.UINT8, pixels, samples, shape.height(), shape.width(), shape.channels());
        ByteBuffer labels = ByteBuffer.allocate(samples * classes * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            labels.putFloat((i * classes + random.nextInt(classes)) * Float.BYTES, 1f);
        }
        Path y = directory.resolve(DatasetImporter.labelFile(0));
        write(y, NpyDtype.FLOAT32, labels.array(), samples, classes);
        return new DatasetSamples(MappedArray.map(x), List.of(MappedArray.map(y)), List.of(true));
    }

    public static List<LabelInfo> labels(int samples, int classes) {
        return List.of(new LabelInfo(LABEL_NAME, List.of((long) samples, (long) classes), "float32", true));
    }

    private static void write(Path file, NpyDtype dtype, byte[] data, long... shape) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(NpyWriter.header(dtype, shape));
            out.write(data);
        }
    }
}
