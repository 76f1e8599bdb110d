package dev.mixup.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mixup.npy.NpyDtype;
import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ranks, layouts and dtypes of the served images, and every step a pure function of seed and step. */
class LayoutApiTests extends BatchApiTests {

    @Test
    void grayscaleDatasetsComeBackInTheirRankWithEitherDataFormat() throws IOException {
        Images gray = Images.noise(32, 8, 9, 1, 0, IMAGE_HIGH, 11);
        String rank3 = upload(gray.grayscaleRank3());
        String rank4 = upload(gray);
        String augmentation = "\"batch_size\":8,\"alpha\":0.4,\"seed\":51,\"datagen\":{\"width_shift_range\":2,"
                + "\"height_shift_range\":0.2,\"horizontal_flip\":true,\"rotation_range\":15,\"featurewise_center\":true},"
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}";
        Map<String, long[]> shapes = Map.of(
                rank3 + "/channels_last", new long[] {8, 8, 9},
                rank3 + "/channels_first", new long[] {8, 8, 9},
                rank4 + "/channels_last", new long[] {8, 8, 9, 1},
                rank4 + "/channels_first", new long[] {8, 1, 8, 9});
        byte[] reference = null;
        for (var entry : shapes.entrySet()) {
            String[] key = entry.getKey().split("/");
            String session = api.openSession(settings(key[0], augmentation + ",\"data_format\":\"" + key[1] + "\""));
            Served served = served(session, 1);
            assertThat(served.x().shape()).as(entry.getKey()).containsExactly(entry.getValue());
            if (reference == null) {
                reference = served.x().data();
            }
            assertThat(served.x().data()).as("%s: the same values in every rank and layout", entry.getKey()).isEqualTo(reference);
            BufferedImage png = preview(session, 1, 2, 4, 1);
            assertThat(png.getWidth()).isEqualTo(4 * gray.width());
            assertThat(png.getHeight()).isEqualTo(2 * gray.height());
        }
        String erasing = api.openSession(settings(rank3, "\"batch_size\":8,\"seed\":52,\"data_format\":\"channels_first\","
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        Served served = served(erasing, 0);
        for (int b = 0; b < 8; b++) {
            assertThat(erasedRectangle(gray, served.image(gray, b, true), served.mix(gray, b))).as("grayscale image %d is erased", b).isNotNull();
        }
    }

    @Test
    void channelsFirstIsTheTransposeOfChannelsLast() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 12);
        String dataset = upload(images);
        String last = api.openSession(settings(dataset, everything() + ",\"data_format\":\"channels_last\""));
        String first = api.openSession(settings(dataset, everything() + ",\"data_format\":\"channels_first\""));
        for (int step = 0; step < 2; step++) {
            Served nhwc = served(last, step);
            Served nchw = served(first, step);
            assertThat(nchw.x().shape()).containsExactly(BATCH, 3, 7, 9);
            for (int b = 0; b < BATCH; b++) {
                assertThat(nchw.image(images, b, true)).as("image %d of step %d", b, step).containsExactly(nhwc.image(images, b, false));
            }
        }
    }

    @Test
    void float16OutputIsTheFloat32OutputRoundedToFloat16() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 13);
        String dataset = upload(images);
        String single = api.openSession(settings(dataset, everything()));
        String half = api.openSession(settings(dataset, everything() + ",\"dtype\":\"float16\""));
        for (int step = 0; step < 2; step++) {
            NpyArray x32 = served(single, step).x();
            NpyArray x16 = served(half, step).x();
            assertThat(x16.header().dtype()).isEqualTo(NpyDtype.FLOAT16);
            assertThat(x16.shape()).containsExactly(x32.shape());
            ByteBuffer halves = ByteBuffer.wrap(x16.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x16.data().length / Short.BYTES; i++) {
                assertThat(halves.getShort(i * Short.BYTES)).as("value %d of step %d", i, step)
                        .isEqualTo(Float.floatToFloat16((float) x32.get(i)));
            }
        }
    }

    @Test
    void everyStepIsAPureFunctionOfSeedAndStep() throws IOException {
        Images images = Images.noise(SAMPLES, 7, 9, 3, 0, 255, 14);
        String dataset = upload(images);
        String session = api.openSession(settings(dataset, everything()));
        String twin = api.openSession(settings(dataset, everything()));
        List<byte[]> served = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            served.add(api.send("POST", "/v1/sessions/" + session + "/next?provenance=true", null, null, null).body());
        }
        for (int step = STEPS - 1; step >= 0; step--) {
            assertThat(served(twin, step).body()).as("step %d, read backwards from a twin", step).isEqualTo(served.get(step));
        }
        assertThat(served.get(1)).isNotEqualTo(served.get(0));
        String otherSeed = api.openSession(settings(dataset, everything().replace("\"seed\":61", "\"seed\":62")));
        assertThat(served(otherSeed, 0).body()).isNotEqualTo(served.getFirst());
    }
}
