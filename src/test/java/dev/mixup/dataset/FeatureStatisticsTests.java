package dev.mixup.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;

import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.ImageShape;
import dev.mixup.core.SampleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-channel mean and population std over a whole dataset, as Keras' fit() computes them, kept beside it. */
class FeatureStatisticsTests {

    /** 4 images of 1x2x2: channel 0 holds n and n + 2, channel 1 holds 10 everywhere. */
    private static final SampleSource SOURCE = new SampleSource() {
        @Override
        public int samples() {
            return 4;
        }

        @Override
        public ImageShape imageShape() {
            return new ImageShape(1, 2, 2);
        }

        @Override
        public int labelArrays() {
            return 0;
        }

        @Override
        public int labelWidth(int array) {
            throw new IndexOutOfBoundsException(array);
        }

        @Override
        public boolean oneHotEncoded(int array) {
            throw new IndexOutOfBoundsException(array);
        }

        @Override
        public void readImage(int index, float[] into) {
            into[0] = index;
            into[1] = 10;
            into[2] = index + 2;
            into[3] = 10;
        }

        @Override
        public void readLabel(int array, int index, float[] into) {
            throw new IndexOutOfBoundsException(array);
        }
    };

    @TempDir
    Path dir;

    @Test
    void computesPerChannelMeanAndPopulationStd() {
        ChannelStatistics statistics = FeatureStatistics.compute(SOURCE);
        // channel 0: 0, 2, 1, 3, 2, 4, 3, 5 -> mean 2.5, variance (6.25 + 0.25 + 2.25 + 0.25 + 0.25 + 2.25 + 0.25 + 6.25) / 8 = 2.25
        assertThat(statistics.mean()).containsExactly(new double[] {2.5, 10}, within(1e-12));
        assertThat(statistics.std()).containsExactly(new double[] {1.5, 0}, within(1e-12));
    }

    @Test
    void writtenStatisticsReadBackExactly() throws IOException {
        ChannelStatistics statistics = new ChannelStatistics(new double[] {1.25, 0.1}, new double[] {3, 1e-7});
        Path file = dir.resolve(FeatureStatistics.FILE);
        FeatureStatistics.write(statistics, file, dir.resolve("tmp"));
        assertThat(FeatureStatistics.read(file)).isEqualTo(statistics);
    }
}
