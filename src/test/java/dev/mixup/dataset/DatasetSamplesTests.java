package dev.mixup.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.mixup.core.ImageShape;
import dev.mixup.npy.NpyDtype;
import dev.mixup.npy.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Images and label rows read straight from the mapped files, in every stored dtype. */
class DatasetSamplesTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = NpyDtype.class, names = {"UINT8", "UINT16", "FLOAT16", "FLOAT32"})
    void imagesReadAsFloatsInEveryStoredDtype(NpyDtype dtype) throws IOException {
        // 3 images of 2x2x3, value = 10 n + i
        ByteBuffer data = ByteBuffer.allocate(36 * dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < 36; v++) {
            float value = 10 * (v / 12) + v % 12;
            switch (dtype) {
                case UINT8 -> data.put((byte) value);
                case UINT16 -> data.putShort((short) value);
                case FLOAT16 -> data.putShort(Float.floatToFloat16(value));
                default -> data.putFloat(value);
            }
        }
        DatasetSamples samples = new DatasetSamples(array("x", dtype, data.array(), 3, 2, 2, 3), List.of(), List.of());
        assertThat(samples.samples()).isEqualTo(3);
        assertThat(samples.imageShape()).isEqualTo(new ImageShape(2, 2, 3));
        float[] image = new float[12];
        samples.readImage(2, image);
        for (int i = 0; i < 12; i++) {
            assertThat(image[i]).isEqualTo(20 + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NpyDtype.class, names = {"UINT8", "FLOAT32"})
    void everyByteValueIsReadAndMixedExactly(NpyDtype dtype) throws IOException {
        // two 16x16 grayscale images: 0..255 and 255..0
        ByteBuffer data = ByteBuffer.allocate(512 * dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < 512; v++) {
            int value = v < 256 ? v : 511 - v;
            if (dtype == NpyDtype.UINT8) {
                data.put((byte) value);
            } else {
                data.putFloat(value);
            }
        }
        DatasetSamples samples = new DatasetSamples(array("x", dtype, data.array(), 2, 16, 16), List.of(), List.of());
        float[] mixed = new float[256];
        samples.readImage(0, mixed);
        for (int i = 0; i < 256; i++) {
            assertThat(mixed[i]).isEqualTo(i);
        }
        for (float lam : new float[] {0f, 0.1f, 0.37f, 0.5f, 0.999f, 1f}) {
            samples.readMixed(1, 0, lam, mixed, new float[256]);
            for (int i = 0; i < 256; i++) {
                assertThat(mixed[i]).as("lam %s, pixel %d", lam, i).isEqualTo(lam * (255 - i) + (1f - lam) * i);
            }
        }
    }

    @Test
    void grayscaleImagesHaveOneChannelAndLabelsKnowWhetherTheyWereClassIds() throws IOException {
        ByteBuffer labels = ByteBuffer.allocate(4 * 2 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            labels.putFloat(i);
        }
        MappedArray y = array("y", NpyDtype.FLOAT32, labels.array(), 4, 2);
        DatasetSamples samples = new DatasetSamples(array("x", NpyDtype.UINT8, new byte[4 * 6], 4, 2, 3), List.of(y, y),
                List.of(true, false));
        assertThat(samples.imageShape()).isEqualTo(new ImageShape(2, 3, 1));
        assertThat(samples.labelArrays()).isEqualTo(2);
        assertThat(samples.labelWidth(1)).isEqualTo(2);
        assertThat(samples.oneHotEncoded(0)).isTrue();
        assertThat(samples.oneHotEncoded(1)).isFalse();
        float[] row = new float[2];
        samples.readLabel(1, 3, row);
        assertThat(row).containsExactly(6, 7);
    }

    private MappedArray array(String name, NpyDtype dtype, byte[] data, long... shape) throws IOException {
        Path file = dir.resolve(name + "-" + dtype + ".npy");
        byte[] header = NpyWriter.header(dtype, shape);
        byte[] bytes = new byte[header.length + data.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(data, 0, bytes, header.length, data.length);
        Files.write(file, bytes);
        return MappedArray.map(file);
    }
}
