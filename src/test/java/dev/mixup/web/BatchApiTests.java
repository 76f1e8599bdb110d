package dev.mixup.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import dev.mixup.npy.NpyDtype;
import dev.mixup.testing.ErasedRegion;
import dev.mixup.web.NpzFixtures.Images;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the batch API tests share: small crafted datasets uploaded over real HTTP, and each served
 * step read back with its provenance ({@code lam}, {@code index1}, {@code index2}, {@code cut},
 * {@code box}), so a test can compute exactly what the service must have served.
 */
abstract class BatchApiTests extends RunningServiceTests {

    static final int CLASSES = 4;
    static final int BATCH = 16;

    /** 64 samples and batches of 16: two steps per epoch, so steps 0..3 show every sample twice. */
    static final int SAMPLES = 64;
    static final int STEPS = 4;

    /** {@code rescale = 1/255} as JSON, as the README example writes it. */
    static final String RESCALE = "0.00392156862745098";

    /** Erasing fills with values from [FILL_LOW, FILL_HIGH); the images below stay under FILL_LOW, so erased values are told apart. */
    static final int FILL_LOW = 200;
    static final int FILL_HIGH = 255;
    static final int IMAGE_HIGH = 100;

    /** A session with every kind of augmentation and mixing at once. */
    static String everything() {
        return "\"batch_size\":16,\"alpha\":0.4,\"seed\":61,\"datagen\":{\"width_shift_range\":2,\"height_shift_range\":0.1,"
                + "\"horizontal_flip\":true,\"vertical_flip\":true,\"rotation_range\":20,\"zoom_range\":0.1,\"shear_range\":5,"
                + "\"channel_shift_range\":10,\"brightness_range\":[0.8,1.2],\"fill_mode\":\"reflect\",\"rescale\":" + RESCALE
                + ",\"featurewise_center\":true},\"eraser\":{\"p\":0.5,\"pixel_level\":true},"
                + "\"cutmix_alpha\":1.0,\"switch_prob\":0.4,\"mix_prob\":0.9,\"label_smoothing\":0.1";
    }

    static String settings(String datasetId, String fields) {
        return "{\"dataset_id\":\"" + datasetId + "\"," + fields + "}";
    }

    String upload(Images images) throws IOException {
        return api.uploadDataset(images.npz(CLASSES), "name=augmentation");
    }

    Served served(String session, long step) throws IOException {
        HttpResponse<byte[]> response = api.get("/v1/sessions/" + session + "/batches/" + step + "?provenance=true");
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        Map<String, NpyArray> arrays = ApiClient.readNpz(response.body());
        int batch = (int) arrays.get("lam").shape()[0];
        assertThat(arrays.get("cut").header().dtype()).isEqualTo(NpyDtype.UINT8);
        assertThat(arrays.get("cut").shape()).containsExactly(batch);
        assertThat(arrays.get("box").header().dtype()).isEqualTo(NpyDtype.INT32);
        assertThat(arrays.get("box").shape()).containsExactly(batch, 4);
        float[] lam = new float[batch];
        int[] index1 = new int[batch];
        int[] index2 = new int[batch];
        int[][] boxes = new int[batch][];
        for (int b = 0; b < batch; b++) {
            lam[b] = (float) arrays.get("lam").get(b);
            index1[b] = (int) arrays.get("index1").get(b);
            index2[b] = (int) arrays.get("index2").get(b);
            int[] box = new int[4];
            for (int k = 0; k < 4; k++) {
                box[k] = (int) arrays.get("box").get(4L * b + k);
            }
            double cut = arrays.get("cut").get(b);
            assertThat(cut).as("cut is 0 or 1").isIn(0.0, 1.0);
            if (cut == 1) {
                boxes[b] = box;
            } else {
                assertThat(box).as("no box where nothing was cut").containsOnly(0);
            }
        }
        return new Served(response.body(), arrays, lam, index1, index2, boxes);
    }

    BufferedImage preview(String session, long step, int rows, int cols, int scale) throws IOException {
        HttpResponse<byte[]> response = api.get("/v1/sessions/" + session + "/preview.png?step=" + step + "&rows=" + rows
                + "&cols=" + cols + "&scale=" + scale);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(png).as("decodes as an image").isNotNull();
        return png;
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    long sessionFiles() throws IOException {
        Path sessions = dataDirectory.sessions();
        if (!Files.isDirectory(sessions)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(sessions)) {
            return files.count();
        }
    }

    /**
     * One step as served, with provenance: the arrays, and per sample {@code lam}, the two images
     * and the CutMix box {@code (y0, x0, y1, x1)} ({@code null} where nothing was cut).
     */
    record Served(byte[] body, Map<String, NpyArray> arrays, float[] lam, int[] index1, int[] index2, int[][] boxes) {

        NpyArray x() {
            return arrays.get("x");
        }

        /**
         * What the service mixed for output image b, before any augmentation: the first image with
         * the box's pixels from the second, or {@code lam * x1 + (1 - lam) * x2} in float32.
         */
        float[] mix(Images images, int b) {
            if (boxes[b] == null) {
                return images.mix(lam[b], index1[b], index2[b]);
            }
            float[] first = images.image(index1[b]);
            float[] second = images.image(index2[b]);
            int[] box = boxes[b];
            for (int row = box[0]; row < box[2]; row++) {
                for (int col = box[1]; col < box[3]; col++) {
                    for (int c = 0; c < images.channels(); c++) {
                        int i = (row * images.width() + col) * images.channels() + c;
                        first[i] = second[i];
                    }
                }
            }
            return first;
        }

        /** Output image b as HWC floats. */
        float[] image(Images images, int b, boolean channelsFirst) {
            int h = images.height();
            int w = images.width();
            int channels = images.channels();
            float[] hwc = new float[images.size()];
            long base = (long) b * images.size();
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    for (int c = 0; c < channels; c++) {
                        long at = channelsFirst ? base + ((long) c * h + row) * w + col : base + ((long) row * w + col) * channels + c;
                        hwc[(row * w + col) * channels + c] = (float) x().get(at);
                    }
                }
            }
            return hwc;
        }
    }

    static float at(Images shape, float[] image, int row, int col, int channel) {
        return image[(row * shape.width() + col) * shape.channels() + channel];
    }

    /**
     * Where out differs from mix, or null when nowhere; asserts the erased values fill exactly one
     * rectangle, every channel of it, and lie in the fill range (by default [FILL_LOW, FILL_HIGH], above the images' values).
     */
    static ErasedRegion erasedRectangle(Images shape, float[] out, float[] mix) {
        return erasedRectangle(shape, out, mix, FILL_LOW, FILL_HIGH);
    }

    static ErasedRegion erasedRectangle(Images shape, float[] out, float[] mix, double fillLow, double fillHigh) {
        ErasedRegion region = ErasedRegion.find(out, mix, shape.height(), shape.width(), shape.channels());
        if (region != null) {
            for (float value : erasedValues(region, shape, out)) {
                assertThat((double) value).as("an erased value").isBetween(fillLow, fillHigh);
            }
        }
        return region;
    }

    static float[] erasedValues(ErasedRegion region, Images shape, float[] image) {
        return region.values(image, shape.width(), shape.channels());
    }
}
