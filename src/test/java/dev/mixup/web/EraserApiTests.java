package dev.mixup.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.mixup.testing.ErasedRegion;
import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Random Erasing over HTTP: probability, rectangle bounds, fills, tiny images, order with rescale, refused settings. */
class EraserApiTests extends BatchApiTests {

    @Test
    void eraserWithPZeroErasesNothing() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 4);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":31,"
                + "\"eraser\":{\"p\":0,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                assertThat(served.image(images, b, false)).as("image %d of step %d", b, step).containsExactly(served.mix(images, b));
            }
        }
    }

    @Test
    void eraserWithPOneErasesOneRectangleWithinTheAreaAspectAndFillBounds() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 5);
        double sL = 0.1;
        double sH = 0.3;
        double r1 = 0.5;
        double r2 = 2;
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":32,\"eraser\":{\"p\":1,"
                + "\"s_l\":" + sL + ",\"s_h\":" + sH + ",\"r_1\":" + r1 + ",\"r_2\":" + r2
                + ",\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        double area = images.height() * images.width();
        Set<Float> fills = new HashSet<>();
        Set<Integer> widths = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] out = served.image(images, b, false);
                ErasedRegion box = erasedRectangle(images, out, served.mix(images, b));
                assertThat(box).as("p = 1: image %d of step %d is erased", b, step).isNotNull();
                // the paper's rectangle, in whole pixels: w = int(sqrt(s / r)), h = int(sqrt(s * r)),
                // s uniform in [s_l, s_h] * H * W, r = h / w uniform in [r_1, r_2]
                assertThat((double) box.height() * box.width()).as("area").isLessThanOrEqualTo(sH * area);
                assertThat((box.height() + 1.0) * (box.width() + 1.0)).as("area").isGreaterThan(sL * area);
                assertThat((box.height() + 1.0) / box.width()).as("aspect").isGreaterThan(r1);
                assertThat(box.height() / (box.width() + 1.0)).as("aspect").isLessThan(r2);
                float[] erased = erasedValues(box, images, out);
                assertThat(erased).as("one fill value per rectangle").containsOnly(erased[0]);
                assertThat(erased[0]).isGreaterThanOrEqualTo(FILL_LOW).isLessThanOrEqualTo(FILL_HIGH);
                fills.add(erased[0]);
                widths.add(box.width());
            }
        }
        assertThat(fills).as("every rectangle draws its own fill").hasSizeGreaterThan(STEPS * BATCH * 9 / 10);
        assertThat(widths).as("rectangles vary in size").hasSizeGreaterThan(2);
    }

    @Test
    void pixelLevelErasingDrawsAValuePerPixelAndChannel() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 6);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":33,"
                + "\"eraser\":{\"p\":1,\"pixel_level\":true,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < 2; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] out = served.image(images, b, false);
                ErasedRegion box = erasedRectangle(images, out, served.mix(images, b));
                assertThat(box).isNotNull();
                float[] erased = erasedValues(box, images, out);
                Set<Float> distinct = new HashSet<>();
                for (float v : erased) {
                    assertThat(v).isGreaterThanOrEqualTo(FILL_LOW).isLessThanOrEqualTo(FILL_HIGH);
                    distinct.add(v);
                }
                assertThat(distinct).as("image %d of step %d: a draw per value", b, step).hasSizeGreaterThan(erased.length * 9 / 10);
            }
        }
    }

    @Test
    void everyImageIsErasedWithPOneEvenWhenImagesAreTiny() throws IOException {
        // 4x5 pixels with the paper's area and aspect defaults: many draws give a rectangle less
        // than one pixel wide or high, which must not count as erasing the image
        Images images = Images.noise(SAMPLES, 4, 5, 3, 0, IMAGE_HIGH, 7);
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":34,"
                + "\"eraser\":{\"p\":1,\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                assertThat(erasedRectangle(images, served.image(images, b, false), served.mix(images, b)))
                        .as("p = 1: image %d of step %d is erased", b, step).isNotNull();
            }
        }
    }

    @Test
    void eraserWithPHalfErasesAboutHalfTheImages() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 8);
        double p = 0.5;
        String session = api.openSession(settings(upload(images), "\"batch_size\":16,\"seed\":35,"
                + "\"eraser\":{\"p\":" + p + ",\"v_l\":" + FILL_LOW + ",\"v_h\":" + FILL_HIGH + "}"));
        int steps = 8;
        int erased = 0;
        for (int step = 0; step < steps; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                erased += erasedRectangle(images, served.image(images, b, false), served.mix(images, b)) == null ? 0 : 1;
            }
        }
        int n = steps * BATCH;
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) erased).as("binomial(%d, %s) within 4 sigma", n, p).isCloseTo(n * p, within(4 * sigma));
    }

    @Test
    void rescaleComesAfterErasingSoFillsAreRescaledToo() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, 255, 9);
        String dataset = upload(images);
        String common = "\"batch_size\":16,\"seed\":36,\"eraser\":{\"p\":1,\"v_l\":0,\"v_h\":255}";
        String raw = api.openSession(settings(dataset, common));
        String rescaled = api.openSession(settings(dataset, common + ",\"datagen\":{\"rescale\":" + RESCALE + "}"));
        // v_h = 255 and rescale = 1/255: the fills, rescaled like everything else, stay <= 1
        float rescale = Float.parseFloat(RESCALE); // Keras: x *= rescale on float32 data
        for (int step = 0; step < 2; step++) {
            Served before = served(raw, step);
            Served after = served(rescaled, step);
            for (int b = 0; b < BATCH; b++) {
                float[] erased = before.image(images, b, false);
                assertThat(erasedRectangle(images, erased, before.mix(images, b), 0, 255)).isNotNull();
                float[] out = after.image(images, b, false);
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).as("value %d of image %d, step %d", i, b, step).isEqualTo(erased[i] * rescale);
                    assertThat(out[i]).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void settingsThatCanNeverEraseAreRefusedAndCreateNoSession() throws IOException {
        Images images = Images.noise(SAMPLES, 12, 16, 3, 0, IMAGE_HIGH, 10);
        String dataset = upload(images);
        int before = api.listAll("/v1/sessions").size();
        long filesBefore = sessionFiles();
        for (String eraser : List.of(
                "{\"p\":0.5,\"s_l\":0.9,\"s_h\":1,\"r_1\":3,\"r_2\":3.3}", // h = int(sqrt(0.9 * 192 * 3)) = 22 > 12 rows
                "{\"p\":0.5,\"s_l\":0.001,\"s_h\":0.002}", // at most 0.4 pixels: never a whole one
                "{\"p\":0.5,\"s_l\":1,\"s_h\":1,\"r_1\":1,\"r_2\":1}", // 13x13 in a 12x16 image
                "{\"p\":1.5}")) {
            HttpResponse<byte[]> response = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"eraser\":" + eraser));
            assertThat(response.statusCode()).as(eraser).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(eraser).hasValue("application/problem+json");
            assertThat(api.json(response).get("detail").asString()).as(eraser).containsAnyOf("eraser", "p must be");
        }
        assertThat(api.listAll("/v1/sessions").size()).isEqualTo(before);
        assertThat(sessionFiles()).isEqualTo(filesBefore);
    }
}
