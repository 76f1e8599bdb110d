package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.ImageShape;
import dev.mixup.core.SampleSource;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpyReader;
import dev.mixup.npy.NpyWriter;

/**
 * Per-channel mean and (population) standard deviation over a whole dataset, what Keras'
 * {@code ImageDataGenerator.fit} computes. Mixing is linear, so the mean of mixed batches is the
 * dataset mean. Kept beside the dataset as {@code statistics.npy}: a (2, C) float64 array.
 */
final class FeatureStatistics {

    static final String FILE = "statistics.npy";

    private FeatureStatistics() {
    }

    static ChannelStatistics compute(SampleSource source) {
        ImageShape shape = source.imageShape();
        int channels = shape.channels();
        double[] sum = new double[channels];
        double[] sumOfSquares = new double[channels];
        float[] image = new float[shape.size()];
        double[] imageSum = new double[channels];
        double[] imageSquares = new double[channels];
        for (int n = 0; n < source.samples(); n++) {
            source.readImage(n, image);
            Arrays.fill(imageSum, 0);
            Arrays.fill(imageSquares, 0);
            for (int i = 0; i < image.length; i++) {
                double v = image[i];
                imageSum[i % channels] += v;
                imageSquares[i % channels] += v * v;
            }
            for (int c = 0; c < channels; c++) {
                sum[c] += imageSum[c];
                sumOfSquares[c] += imageSquares[c];
            }
        }
        double count = (double) source.samples() * shape.pixels();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            std[c] = Math.sqrt(Math.max(0, sumOfSquares[c] / count - mean[c] * mean[c]));
        }
        return new ChannelStatistics(mean, std);
    }

    /** The size of {@link #FILE} for images with {@code channels} channels. */
    static long fileBytes(int channels) {
        return NpyWriter.header(NpyDtype.FLOAT64, 2, channels).length + 2L * channels * Double.BYTES;
    }

    /** Writes {@code temporary}, forces it to disk and renames it to {@code file}: a reader sees all or nothing. */
    static void write(ChannelStatistics statistics, Path file, Path temporary) throws IOException {
        int channels = statistics.mean().length;
        ByteBuffer data = ByteBuffer.allocate(2 * channels * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double m : statistics.mean()) {
            data.putDouble(m);
        }
        for (double s : statistics.std()) {
            data.putDouble(s);
        }
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(new ByteBuffer[] {ByteBuffer.wrap(NpyWriter.header(NpyDtype.FLOAT64, 2, channels)), data.flip()});
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    static ChannelStatistics read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            NpyHeader header = NpyReader.readHeader(in);
            int channels = (int) header.shape()[1];
            ByteBuffer data = ByteBuffer.wrap(in.readNBytes(2 * channels * Double.BYTES)).order(header.byteOrder());
            double[] mean = new double[channels];
            double[] std = new double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = data.getDouble();
            }
            for (int c = 0; c < channels; c++) {
                std[c] = data.getDouble();
            }
            return new ChannelStatistics(mean, std);
        }
    }
}
