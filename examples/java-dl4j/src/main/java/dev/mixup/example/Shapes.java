package dev.mixup.example;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gray 28 x 28 images of four shapes at random places on noise: class 0 a horizontal bar, 1 a vertical bar, 2 a diagonal, 3 a box. */
record Shapes(INDArray images, INDArray classes) {

    static Shapes draw(int samples, Random random) {
        int size = MixupDl4jExample.SIZE;
        float[] pixels = new float[samples * size * size];
        long[] classes = new long[samples];
        for (int i = 0; i < samples; i++) {
            int shape = i % MixupDl4jExample.CLASSES;
            classes[i] = shape;
            int offset = i * size * size;
            for (int p = 0; p < size * size; p++) {
                pixels[offset + p] = random.nextInt(40);
            }
            int length = 12 + random.nextInt(9);
            int row = 2 + random.nextInt(size - length - 4);
            int col = 2 + random.nextInt(size - length - 4);
            for (int t = 0; t < length; t++) {
                for (int thick = 0; thick < 2; thick++) {
                    switch (shape) {
                        case 0 -> pixels[offset + (row + thick) * size + col + t] = 255;
                        case 1 -> pixels[offset + (row + t) * size + col + thick] = 255;
                        case 2 -> pixels[offset + (row + t) * size + Math.min(col + t + thick, size - 1)] = 255;
                        default -> {
                            int side = length / 2;
                            if (t <= side) {
                                pixels[offset + row * size + col + t] = 255;
                                pixels[offset + (row + side) * size + col + t] = 255;
                                pixels[offset + (row + t) * size + col] = 255;
                                pixels[offset + (row + t) * size + col + side] = 255;
                            }
                        }
                    }
                }
            }
        }
        INDArray images = Nd4j.create(pixels, new long[] {samples, size, size, 1}, 'c').castTo(DataType.UBYTE);
        return new Shapes(images, Nd4j.createFromArray(classes));
    }

    /** What the network sees of clean images: NCHW floats in [0, 1]. */
    INDArray features() {
        return images.castTo(DataType.FLOAT).div(255).permute(0, 3, 1, 2).dup('c');
    }

    INDArray oneHot() {
        INDArray labels = Nd4j.create(DataType.FLOAT, classes.length(), MixupDl4jExample.CLASSES);
        for (int i = 0; i < classes.length(); i++) {
            labels.putScalar(i, classes.getInt(i), 1f);
        }
        return labels;
    }
}
