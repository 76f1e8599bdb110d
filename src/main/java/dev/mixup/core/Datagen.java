package dev.mixup.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras {@code ImageDataGenerator}'s per-image work: the random transform ({@code random_transform}
 * = {@code get_random_transform} + {@code apply_transform}) and {@code standardize()}. Immutable and
 * thread-safe: every random decision comes from the {@link SeededRandom} passed in.
 */
public final class Datagen {

    /** Keras' epsilon in {@code standardize()}: {@code x /= (std + 1e-6)}. */
    private static final double EPSILON = 1e-6;

    private final DatagenSettings settings;
    private final ImageShape shape;
    private final AffineSampler sampler;
    /** Per channel, in rescaled units: what featurewise_center subtracts (0 when off). */
    private final double[] featureMean;
    /** Per channel, in rescaled units: what featurewise_std_normalization divides by (1 when off). */
    private final double[] featureDivisor;

    /**
     * @param statistics the dataset's per-channel statistics in raw pixel units; required exactly
     *                   when {@link DatagenSettings#needsFeaturewiseStatistics()}, ignored otherwise
     */
    public Datagen(DatagenSettings settings, ImageShape shape, ChannelStatistics statistics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.sampler = new AffineSampler(shape, settings.fillMode(), settings.cval());
        this.featureMean = new double[shape.channels()];
        this.featureDivisor = new double[shape.channels()];
        Arrays.fill(featureDivisor, 1);
        if (settings.needsFeaturewiseStatistics()) {
            if (statistics == null || statistics.channels() != shape.channels()) {
                throw new IllegalArgumentException("featurewise_center/featurewise_std_normalization need the dataset's statistics for "
                        + shape.channels() + " channel(s), got " + statistics);
            }
            // standardize() subtracts them after rescale, so they must be in rescaled units (a Keras
            // user gets that by calling fit() on rescaled data); ours are in raw units: scale them.
            double rescale = settings.rescale() == null ? 1 : settings.rescale();
            double[] mean = statistics.mean();
            double[] std = statistics.std();
            for (int c = 0; c < shape.channels(); c++) {
                featureMean[c] = settings.featurewiseCenter() ? mean[c] * rescale : 0;
                featureDivisor[c] = settings.featurewiseStdNormalization() ? std[c] * Math.abs(rescale) + EPSILON : 1;
            }
        }
    }

    ImageShape shape() {
        return shape;
    }

    /**
     * Keras {@code random_transform}: one affine (rotation, shift, shear, zoom) sampled once and
     * applied by inverse mapping with bilinear interpolation and {@code fill_mode}/{@code cval},
     * then channel shift, horizontal flip, vertical flip, brightness. May overwrite {@code image}.
     *
     * @param scratch receives the affine pass (it cannot be done in place); same size as {@code image}
     * @return the array holding the result: {@code image} or {@code scratch}
     */
    public float[] randomTransform(float[] image, float[] scratch, SeededRandom random) {
        return applyTransform(randomParameters(random), image, scratch);
    }

    /**
     * Keras {@code get_random_transform}, drawing in its order. Switched-off parameters draw
     * nothing (Keras draws both flip coins even when flips are off; no need to).
     */
    TransformParameters randomParameters(SeededRandom random) {
        double rotation = settings.rotationRange();
        double theta = rotation > 0 ? random.uniform(-rotation, rotation) : 0;
        double tx = settings.heightShiftRange().sample(random, shape.height());
        double ty = settings.widthShiftRange().sample(random, shape.width());
        double shearRange = settings.shearRange();
        double shear = shearRange > 0 ? random.uniform(-shearRange, shearRange) : 0;
        ZoomRange zoom = settings.zoomRange();
        double zx = 1;
        double zy = 1;
        if (!zoom.isIdentity()) {
            zx = random.uniform(zoom.low(), zoom.high());
            zy = random.uniform(zoom.low(), zoom.high());
        }
        boolean flipHorizontal = settings.horizontalFlip() && random.nextDouble() < 0.5;
        boolean flipVertical = settings.verticalFlip() && random.nextDouble() < 0.5;
        double channelShift = settings.channelShiftRange();
        double intensity = channelShift > 0 ? random.uniform(-channelShift, channelShift) : 0;
        Range brightnessRange = settings.brightnessRange();
        double brightness = brightnessRange != null ? random.uniform(brightnessRange.low(), brightnessRange.high()) : 1;
        return new TransformParameters(theta, tx, ty, shear, zx, zy, flipHorizontal, flipVertical, intensity, brightness);
    }

    /** Keras {@code apply_transform}, in its order; skips the steps the parameters leave at identity. */
    float[] applyTransform(TransformParameters p, float[] image, float[] scratch) {
        requireImageSize(image);
        float[] x = image;
        if (p.hasAffine()) {
            requireImageSize(scratch);
            if (scratch == image) {
                throw new IllegalArgumentException("scratch must be a different array than image: the affine pass cannot run in place");
            }
            sampler.warp(image, scratch, p.affineMatrix(shape));
            x = scratch;
        }
        if (p.channelShiftIntensity() != 0) {
            ImageOps.channelShift(x, p.channelShiftIntensity());
        }
        if (p.flipHorizontal()) {
            ImageOps.flipHorizontal(x, shape);
        }
        if (p.flipVertical()) {
            ImageOps.flipVertical(x, shape);
        }
        if (p.brightness() != 1) {
            ImageOps.brightness(x, p.brightness());
        }
        return x;
    }

    /**
     * Keras {@code standardize()}, in place and in its order: {@code rescale},
     * {@code samplewise_center}, {@code samplewise_std_normalization}, {@code featurewise_center},
     * {@code featurewise_std_normalization}.
     */
    public void standardize(float[] image) {
        requireImageSize(image);
        if (settings.rescale() != null) {
            float rescale = settings.rescale().floatValue(); // float32 * float32, as NumPy does `x *= rescale`
            for (int i = 0; i < image.length; i++) {
                image[i] *= rescale;
            }
        }
        if (settings.samplewiseCenter()) {
            float mean = (float) mean(image);
            for (int i = 0; i < image.length; i++) {
                image[i] -= mean;
            }
        }
        if (settings.samplewiseStdNormalization()) {
            double divisor = std(image) + EPSILON;
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (image[i] / divisor);
            }
        }
        if (settings.needsFeaturewiseStatistics()) {
            int channels = shape.channels();
            for (int i = 0; i < image.length; i += channels) {
                for (int c = 0; c < channels; c++) {
                    image[i + c] = (float) ((image[i + c] - featureMean[c]) / featureDivisor[c]);
                }
            }
        }
    }

    private static double mean(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum / image.length;
    }

    /** Population standard deviation ({@code np.std}), two-pass for accuracy. */
    private static double std(float[] image) {
        double mean = mean(image);
        double squares = 0;
        for (float v : image) {
            double d = v - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / image.length);
    }

    private void requireImageSize(float[] image) {
        if (image.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " values for a " + shape.height() + "x"
                    + shape.width() + "x" + shape.channels() + " image, got " + image.length);
        }
    }
}
