package dev.mixup.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code preview.png}: the grid is the batch as served, stretched to 0..255, within its size limit. */
class PreviewApiTests extends BatchApiTests {

    @Test
    void previewIsAPngGridOfTheRequestedSizeShowingTheBatch() throws IOException {
        Images images = Images.noise(SAMPLES, 6, 7, 3, 0, 255, 15);
        String dataset = upload(images);
        String last = api.openSession(settings(dataset, everything().replace("\"batch_size\":16", "\"batch_size\":8")));
        String first = api.openSession(settings(dataset, everything().replace("\"batch_size\":16", "\"batch_size\":8")
                + ",\"data_format\":\"channels_first\""));
        int rows = 2;
        int cols = 3;
        int step = 2;
        BufferedImage grid = preview(last, step, rows, cols, 1);
        assertThat(grid.getWidth()).isEqualTo(cols * images.width());
        assertThat(grid.getHeight()).isEqualTo(rows * images.height());

        // each value stretched from the grid's min..max to 0..255
        Served served = served(last, step);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int n = 0; n < rows * cols; n++) {
            for (float v : served.image(images, n, false)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        for (int n = 0; n < rows * cols; n++) {
            float[] image = served.image(images, n, false);
            for (int row = 0; row < images.height(); row++) {
                for (int col = 0; col < images.width(); col++) {
                    int rgb = grid.getRGB((n % cols) * images.width() + col, (n / cols) * images.height() + row);
                    for (int c = 0; c < 3; c++) {
                        float v = image[(row * images.width() + col) * 3 + c];
                        int shown = rgb >> (16 - 8 * c) & 0xFF;
                        assertThat((double) shown).as("image %d (%d, %d) channel %d", n, row, col, c)
                                .isCloseTo((v - min) / (max - min) * 255, within(1.0));
                    }
                }
            }
        }

        assertThat(pixels(preview(first, step, rows, cols, 1))).as("channels_first shows the same picture").isEqualTo(pixels(grid));
        int scale = 3;
        BufferedImage scaled = preview(last, step, rows, cols, scale);
        assertThat(scaled.getWidth()).isEqualTo(cols * images.width() * scale);
        assertThat(scaled.getHeight()).isEqualTo(rows * images.height() * scale);
        for (int y = 0; y < scaled.getHeight(); y++) {
            for (int x = 0; x < scaled.getWidth(); x++) {
                assertThat(scaled.getRGB(x, y)).isEqualTo(grid.getRGB(x / scale, y / scale));
            }
        }
        assertThat(api.json(api.get("/v1/sessions/" + last)).get("position").get("step").asLong())
                .as("a preview does not move the position").isZero();

        for (String query : List.of("rows=3&cols=3", "rows=0&cols=2", "rows=1&cols=2&scale=0")) {
            HttpResponse<byte[]> refused = api.get("/v1/sessions/" + last + "/preview.png?step=0&" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
    }

    @Test
    void previewsLargerThanTheLimitAreRefused() throws IOException {
        int grid = 4;
        int scale = 8;
        // one pixel more per side than a grid x grid preview at this scale may have
        int side = (int) Math.sqrt(PreviewController.MAX_PIXELS) / (grid * scale) + 1;
        Images images = Images.noise(2 * grid * grid, side, side, 1, 0, 255, 16);
        String session = api.openSession(settings(upload(images), "\"batch_size\":" + grid * grid + ",\"seed\":71"));
        HttpResponse<byte[]> refused = api.get("/v1/sessions/" + session + "/preview.png?rows=" + grid + "&cols=" + grid + "&scale=" + scale);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(refused).get("detail").asString()).contains("lower rows, cols or scale");
        BufferedImage smaller = preview(session, 0, grid, grid, scale / 2);
        assertThat(smaller.getWidth()).isEqualTo(grid * side * scale / 2);
    }

    @Test
    void previewShowsTheCutMixBoxes() throws IOException {
        // every image one gray level of its own: a box shows as a patch of its second image's level
        Images levels = Images.uint8(SAMPLES, 12, 12, 1, (n, row, col, c) -> 30 + 3 * n);
        String session = api.openSession(settings(upload(levels), "\"batch_size\":16,\"seed\":72,\"alpha\":0,\"cutmix_alpha\":1.0"));
        int rows = 2;
        int cols = 4;
        BufferedImage grid = preview(session, 0, rows, cols, 1);
        Served served = served(session, 0);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int n = 0; n < rows * cols; n++) {
            for (float v : served.image(levels, n, false)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        int patches = 0;
        for (int n = 0; n < rows * cols; n++) {
            int[] box = served.boxes()[n];
            int inside = Math.round((30 + 3 * served.index2()[n] - min) / (max - min) * 255);
            int outside = Math.round((30 + 3 * served.index1()[n] - min) / (max - min) * 255);
            for (int row = 0; row < 12; row++) {
                for (int col = 0; col < 12; col++) {
                    boolean cut = row >= box[0] && row < box[2] && col >= box[1] && col < box[3];
                    int gray = grid.getRGB((n % cols) * 12 + col, (n / cols) * 12 + row) & 0xFF;
                    assertThat(gray).as("image %d at (%d, %d)", n, row, col).isEqualTo(cut ? inside : outside);
                }
            }
            patches += (box[2] - box[0]) * (box[3] - box[1]) > 0 ? 1 : 0;
        }
        assertThat(patches).isPositive();
    }
}
