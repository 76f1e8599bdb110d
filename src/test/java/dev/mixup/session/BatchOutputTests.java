package dev.mixup.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.mixup.core.ImageShape;
import org.junit.jupiter.api.Test;

/** Finished samples go straight into the payload bytes, in the session's dtype and layout. */
class BatchOutputTests {

    private static final ImageShape SHAPE = new ImageShape(2, 3, 2);

    /** value = 100 b + index in HWC order */
    private static float[] image(int b) {
        float[] image = new float[SHAPE.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = 100 * b + i + 0.1f;
        }
        return image;
    }

    @Test
    void channelsLastFloat32IsTheImagesAsTheyAre() {
        BatchOutput output = new BatchOutput(2, SHAPE, OutputDtype.FLOAT32, DataFormat.CHANNELS_LAST, new int[] {3}, images(2, OutputDtype.FLOAT32));
        output.image(1, image(1));
        output.image(0, image(0));
        ByteBuffer images = ByteBuffer.wrap(output.images()).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < SHAPE.size(); i++) {
                assertThat(images.getFloat((b * SHAPE.size() + i) * Float.BYTES)).isEqualTo(image(b)[i]);
            }
        }
    }

    @Test
    void channelsFirstTransposesEachImage() {
        BatchOutput output = new BatchOutput(1, SHAPE, OutputDtype.FLOAT32, DataFormat.CHANNELS_FIRST, new int[0], images(1, OutputDtype.FLOAT32));
        output.image(0, image(0));
        ByteBuffer images = ByteBuffer.wrap(output.images()).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (int c = 0; c < 2; c++) {
            for (int pixel = 0; pixel < SHAPE.pixels(); pixel++) {
                assertThat(images.getFloat(at++ * Float.BYTES)).as("channel %d, pixel %d", c, pixel)
                        .isEqualTo(image(0)[pixel * 2 + c]);
            }
        }
    }

    @Test
    void float16RoundsEachValueAndLabelsStayFloat32() {
        BatchOutput output = new BatchOutput(1, SHAPE, OutputDtype.FLOAT16, DataFormat.CHANNELS_LAST, new int[] {2}, images(1, OutputDtype.FLOAT16));
        output.image(0, image(0));
        output.label(0, 0, new float[] {0.25f, 0.1f});
        assertThat(output.images()).hasSize(SHAPE.size() * Short.BYTES);
        ByteBuffer images = ByteBuffer.wrap(output.images()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SHAPE.size(); i++) {
            assertThat(images.getShort(i * Short.BYTES)).isEqualTo(Float.floatToFloat16(image(0)[i]));
        }
        ByteBuffer labels = ByteBuffer.wrap(output.labels(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(labels.getFloat(0)).isEqualTo(0.25f);
        assertThat(labels.getFloat(4)).isEqualTo(0.1f);
    }

    @Test
    void anArrayOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new BatchOutput(2, SHAPE, OutputDtype.FLOAT16, DataFormat.CHANNELS_LAST, new int[0], images(2, OutputDtype.FLOAT32)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] images(int batchSize, OutputDtype dtype) {
        return new byte[BatchOutput.imageLength(batchSize, SHAPE, dtype)];
    }
}
