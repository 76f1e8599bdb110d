package dev.mixup.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code horizontal_flip} and {@code vertical_flip} over HTTP: every image is the mix or its exact mirror. */
class FlipApiTests extends BatchApiTests {

    @Test
    void flipsMirrorTheMixExactly() throws IOException {
        Images images = Images.noise(SAMPLES, 9, 12, 3, 0, 255, 3);
        String dataset = upload(images);
        assertFlips(images, dataset, "\"horizontal_flip\":true", Set.of(Flip.NONE, Flip.HORIZONTAL));
        assertFlips(images, dataset, "\"vertical_flip\":true", Set.of(Flip.NONE, Flip.VERTICAL));
        assertFlips(images, dataset, "\"horizontal_flip\":true,\"vertical_flip\":true", Set.of(Flip.values()));
    }

    private void assertFlips(Images images, String dataset, String datagen, Set<Flip> allowed) throws IOException {
        String session = api.openSession(settings(dataset, "\"batch_size\":16,\"seed\":21,\"datagen\":{" + datagen + "}"));
        Set<Flip> seen = new HashSet<>();
        for (int step = 0; step < STEPS; step++) {
            Served served = served(session, step);
            for (int b = 0; b < BATCH; b++) {
                float[] mix = served.mix(images, b);
                float[] out = served.image(images, b, false);
                List<Flip> matches = Stream.of(Flip.values()).filter(f -> Arrays.equals(out, f.apply(images, mix))).toList();
                assertThat(matches).as("%s: image %d of step %d is the mix or its exact mirror", datagen, b, step).hasSize(1);
                assertThat(allowed).as(datagen).contains(matches.getFirst());
                seen.add(matches.getFirst());
            }
        }
        assertThat(seen).as("%s: every allowed flip happens", datagen).isEqualTo(allowed);
    }

    private enum Flip {
        NONE(false, false), HORIZONTAL(true, false), VERTICAL(false, true), BOTH(true, true);

        private final boolean columns;
        private final boolean rows;

        Flip(boolean columns, boolean rows) {
            this.columns = columns;
            this.rows = rows;
        }

        float[] apply(Images shape, float[] image) {
            int h = shape.height();
            int w = shape.width();
            int c = shape.channels();
            float[] flipped = new float[image.length];
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    int fromRow = rows ? h - 1 - row : row;
                    int fromCol = columns ? w - 1 - col : col;
                    System.arraycopy(image, (fromRow * w + fromCol) * c, flipped, (row * w + col) * c, c);
                }
            }
            return flipped;
        }
    }
}
