package dev.mixup.core;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * mixup (Zhang et al. 2017, arXiv:1710.09412) followed by Keras-style augmentation and Random
 * Erasing (Zhong et al. 2017, arXiv:1708.04896): the whole recipe for one batch, top-down.
 *
 * <p>For output sample {@code b} of step {@code k}:
 * <ol>
 *   <li>{@code lam[b] ~ Beta(alpha, alpha)}, one independent draw per output sample;</li>
 *   <li>{@code x = lam * x[first[b]] + (1 - lam) * x[second[b]]} in float32, and the same for every label array;</li>
 *   <li>the datagen random transform (affine, channel shift, flips, brightness), as Keras'
 *       {@code ImageDataGenerator.random_transform};</li>
 *   <li>the random eraser;</li>
 *   <li>Keras' {@code standardize}: rescale, then sample-wise and feature-wise standardisation.</li>
 * </ol>
 * Every draw comes from a generator keyed by {@code (seed, step)} or {@code (seed, step, b)}, so
 * a step's output is a pure function of the dataset, the settings and {@code k}.
 */
public final class Mixup {

    static final long LAMBDA_STREAM = 0x4C414D4244414CL; // "LAMBDAL"
    static final long AUGMENT_STREAM = 0x4155474D454E54L; // "AUGMENT"

    private final BatchPlan plan;
    private final double alpha;
    private final long seed;
    private final Datagen datagen;
    private final RandomEraser eraser;

    /**
     * @param eraser {@code null} when Random Erasing is off
     */
    public Mixup(BatchPlan plan, double alpha, long seed, Datagen datagen, RandomEraser eraser) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number, got " + alpha);
        }
        this.plan = plan;
        this.alpha = alpha;
        this.seed = seed;
        this.datagen = datagen;
        this.eraser = eraser;
    }

    public BatchPlan plan() {
        return plan;
    }

    /** Produces step {@code step} sample by sample into {@code sink}; returns what was mixed with what. */
    public Provenance produce(long step, SampleSource source, BatchSink sink) {
        Pairs pairs = plan.pairs(step);
        float[] lam = lambdas(step);

        ImageShape shape = source.imageShape();
        float[] first = new float[shape.size()];
        float[] second = new float[shape.size()];
        float[] scratch = new float[shape.size()];
        for (int b = 0; b < lam.length; b++) {
            source.readImage(pairs.first()[b], first);
            source.readImage(pairs.second()[b], second);
            mix(lam[b], first, second);

            SeededRandom random = SeededRandom.of(seed, AUGMENT_STREAM, step, b);
            float[] image = datagen.randomTransform(first, scratch, random);
            if (eraser != null) {
                eraser.erase(image, random);
            }
            datagen.standardize(image);
            sink.image(b, image);
        }
        mixLabels(pairs, lam, source, sink);
        return new Provenance(pairs, lam);
    }

    /** Independent per-sample weights, so one batch covers the whole Beta(alpha, alpha) shape. */
    float[] lambdas(long step) {
        BetaDistribution beta = new BetaDistribution(SeededRandom.of(seed, LAMBDA_STREAM, step), alpha, alpha);
        float[] lam = new float[plan.batchSize()];
        for (int b = 0; b < lam.length; b++) {
            lam[b] = (float) beta.sample();
        }
        return lam;
    }

    private static void mixLabels(Pairs pairs, float[] lam, SampleSource source, BatchSink sink) {
        for (int array = 0; array < source.labelArrays(); array++) {
            float[] first = new float[source.labelWidth(array)];
            float[] second = new float[first.length];
            for (int b = 0; b < lam.length; b++) {
                source.readLabel(array, pairs.first()[b], first);
                source.readLabel(array, pairs.second()[b], second);
                mix(lam[b], first, second);
                sink.label(array, b, first);
            }
        }
    }

    /** {@code first = lam * first + (1 - lam) * second}, in float32 as the contract says. */
    static void mix(float lam, float[] first, float[] second) {
        float rest = 1f - lam;
        for (int i = 0; i < first.length; i++) {
            first[i] = lam * first[i] + rest * second[i];
        }
    }

    /** What a step mixed: the pairs and the weights, for {@code ?provenance=true}. */
    public record Provenance(Pairs pairs, float[] lam) {
    }
}
