package dev.mixup.core;

import java.util.Arrays;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * mixup (Zhang et al. 2017, arXiv:1710.09412) and CutMix (Yun et al. 2019, arXiv:1905.04899) with
 * timm's policies, followed by Keras-style augmentation and Random Erasing (Zhong et al. 2017,
 * arXiv:1708.04896): the whole recipe for one batch, top-down.
 *
 * <p>For output sample {@code b} of step {@code k}, mixing the first image {@code x1} with the second {@code x2}:
 * <ol>
 *   <li>from {@code mixup_off_epoch} on, or with probability {@code 1 - mix_prob}: not mixed, {@code lam = 1}, {@code x = x1};</li>
 *   <li>else CutMix when mixup is off or the switch draw picks it (probability {@code switch_prob}):
 *       {@code x = x1} with a box's pixels from {@code x2}, {@code lam} from {@link CutMix};</li>
 *   <li>else mixup: {@code lam ~ Beta(alpha, alpha)}, {@code x = lam * x1 + (1 - lam) * x2} in float32;</li>
 *   <li>every label array: {@code y = lam * y1 + (1 - lam) * y2}, arrays uploaded as class ids smoothed first;</li>
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
    static final long MIXING_STREAM = 0x4D4958494E47L; // "MIXING"

    private final BatchPlan plan;
    private final MixingSettings settings;
    private final long seed;
    private final Datagen datagen;
    private final RandomEraser eraser;
    private final CutMix cutMix;

    /**
     * @param eraser {@code null} when Random Erasing is off
     * @throws IllegalArgumentException when {@code cutmix_minmax} does not fit the images
     */
    public Mixup(BatchPlan plan, MixingSettings settings, long seed, Datagen datagen, RandomEraser eraser) {
        this.plan = plan;
        this.settings = settings;
        this.seed = seed;
        this.datagen = datagen;
        this.eraser = eraser;
        this.cutMix = settings.cutmixEnabled() ? new CutMix(settings, datagen.shape()) : null;
    }

    public BatchPlan plan() {
        return plan;
    }

    /** Produces step {@code step} sample by sample into {@code sink}; returns what was mixed with what, and how. */
    public Provenance produce(long step, SampleSource source, BatchSink sink) {
        Pairs pairs = plan.pairs(step);
        Mixes mixes = mixes(step, pairs.epoch());

        ImageShape shape = source.imageShape();
        float[] first = new float[shape.size()];
        float[] second = new float[shape.size()];
        float[] scratch = new float[shape.size()];
        for (int b = 0; b < mixes.lam.length; b++) {
            if (!mixes.mixed[b]) {
                source.readImage(pairs.first()[b], first);
            } else if (mixes.boxes[b] != null) {
                source.readImage(pairs.first()[b], first);
                source.readImage(pairs.second()[b], second);
                cutMix.paste(mixes.boxes[b], second, first);
            } else {
                source.readMixed(pairs.first()[b], pairs.second()[b], mixes.lam[b], first, second);
            }

            SeededRandom random = SeededRandom.of(seed, AUGMENT_STREAM, step, b);
            float[] image = datagen.randomTransform(first, scratch, random);
            if (eraser != null) {
                eraser.erase(image, random);
            }
            datagen.standardize(image);
            sink.image(b, image);
        }
        mixLabels(pairs, mixes, source, sink);
        return new Provenance(pairs, mixes.lam, mixes.boxes);
    }

    /**
     * timm's {@code _params_per_elem}: per sample, whether it is mixed, by CutMix or mixup, and its
     * {@code lam}. The mixup weights are drawn for the whole step whether used or not, so each
     * sample's draws depend on {@code (seed, step, b)} alone (and sessions of plain mixup keep the
     * weights they had before the other policies existed).
     */
    Mixes mixes(long step, long epoch) {
        Mixes mixes = new Mixes(plan.batchSize());
        if (!settings.mixes(epoch)) {
            return mixes;
        }
        float[] mixupLam = settings.mixupEnabled() ? lambdas(step) : null;
        for (int b = 0; b < mixes.lam.length; b++) {
            SeededRandom random = SeededRandom.of(seed, MIXING_STREAM, step, b);
            if (settings.mixProb() < 1 && !(random.nextDouble() < settings.mixProb())) {
                continue;
            }
            mixes.mixed[b] = true;
            if (cutMix != null && (mixupLam == null || random.nextDouble() < settings.switchProb())) {
                CutMix.Cut cut = cutMix.draw(random);
                mixes.boxes[b] = cut.box();
                mixes.lam[b] = cut.lam();
            } else {
                mixes.lam[b] = mixupLam[b];
            }
        }
        return mixes;
    }

    /** Independent per-sample mixup weights, so one batch covers the whole Beta(alpha, alpha) shape. */
    float[] lambdas(long step) {
        BetaDistribution beta = new BetaDistribution(SeededRandom.of(seed, LAMBDA_STREAM, step), settings.alpha(), settings.alpha());
        float[] lam = new float[plan.batchSize()];
        for (int b = 0; b < lam.length; b++) {
            lam[b] = (float) beta.sample();
        }
        return lam;
    }

    /**
     * timm's {@code mixup_target}: every label array mixed with the sample's final {@code lam};
     * arrays that were class ids get {@code y * (1 - eps) + eps / K} first, other arrays are left as uploaded.
     */
    private void mixLabels(Pairs pairs, Mixes mixes, SampleSource source, BatchSink sink) {
        for (int array = 0; array < source.labelArrays(); array++) {
            boolean smooth = settings.labelSmoothing() > 0 && source.oneHotEncoded(array);
            float[] first = new float[source.labelWidth(array)];
            float[] second = new float[first.length];
            for (int b = 0; b < mixes.lam.length; b++) {
                source.readLabel(array, pairs.first()[b], first);
                if (smooth) {
                    smooth(first);
                }
                if (mixes.mixed[b]) {
                    source.readLabel(array, pairs.second()[b], second);
                    if (smooth) {
                        smooth(second);
                    }
                    mix(mixes.lam[b], first, second);
                }
                sink.label(array, b, first);
            }
        }
    }

    /** timm's smoothed one-hot: on = {@code 1 - eps + eps / K}, off = {@code eps / K}, computed in double as there. */
    private void smooth(float[] oneHot) {
        double keep = 1 - settings.labelSmoothing();
        double spread = settings.labelSmoothing() / oneHot.length;
        for (int i = 0; i < oneHot.length; i++) {
            oneHot[i] = (float) (oneHot[i] * keep + spread);
        }
    }

    /** {@code first = lam * first + (1 - lam) * second}, in float32 as the contract says. */
    static void mix(float lam, float[] first, float[] second) {
        float rest = 1f - lam;
        for (int i = 0; i < first.length; i++) {
            first[i] = lam * first[i] + rest * second[i];
        }
    }

    /** Per sample of a step: mixed at all, {@code lam} (1 when not), and the CutMix box ({@code null} for mixup). */
    static final class Mixes {
        final boolean[] mixed;
        final float[] lam;
        final Box[] boxes;

        private Mixes(int batchSize) {
            mixed = new boolean[batchSize];
            lam = new float[batchSize];
            boxes = new Box[batchSize];
            Arrays.fill(lam, 1f);
        }
    }

    /**
     * What a step mixed, for {@code ?provenance=true}: the pairs, the weights the labels were
     * mixed with, and per sample the CutMix box ({@code null} where none was cut).
     */
    public record Provenance(Pairs pairs, float[] lam, Box[] boxes) {
    }
}
