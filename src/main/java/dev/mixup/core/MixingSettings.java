package dev.mixup.core;

import java.util.Objects;

import static dev.mixup.core.SettingChecks.MAX_MAGNITUDE;
import static dev.mixup.core.SettingChecks.within;

/**
 * How the two halves of a step are mixed: mixup (Zhang et al. 2017), CutMix (Yun et al. 2019,
 * arXiv:1905.04899) and the policies around them, under timm's {@code Mixup} names; the defaults
 * ({@link Builder}) are plain mixup with {@code alpha = 0.2}. Like timm, {@code cutmix_minmax}
 * turns CutMix on by setting {@code cutmix_alpha} to 1 (the box then comes from the range, not
 * from a Beta draw), so what this record holds is what {@link Mixup} applies.
 *
 * @param alpha          {@code alpha} (timm's {@code mixup_alpha}): mixup {@code lam ~ Beta(alpha, alpha)}; 0 turns mixup off
 * @param cutmixAlpha    {@code cutmix_alpha}: {@code > 0} turns CutMix on, {@code lam ~ Beta(cutmix_alpha, cutmix_alpha)}
 * @param cutmixMinmax   {@code cutmix_minmax}: {@code null}, or box side ratios uniform in {@code [low, high)}
 * @param mixProb        {@code mix_prob} (timm's {@code prob}): probability that a sample is mixed at all
 * @param switchProb     {@code switch_prob}: with mixup and CutMix both on, the probability of CutMix
 * @param correctLam     {@code correct_lam}: CutMix's {@code lam} is recomputed from the clipped box
 * @param labelSmoothing {@code label_smoothing}: {@code eps} of {@code y * (1 - eps) + eps / K}, on labels uploaded as class ids
 * @param mixupOffEpoch  {@code mixup_off_epoch}: {@code null}, or the first epoch that is not mixed at all
 */
public record MixingSettings(double alpha, double cutmixAlpha, Range cutmixMinmax, double mixProb, double switchProb,
                             boolean correctLam, double labelSmoothing, Long mixupOffEpoch) {

    public MixingSettings {
        within("alpha", alpha, 0, MAX_MAGNITUDE);
        within("cutmix_alpha", cutmixAlpha, 0, MAX_MAGNITUDE);
        if (cutmixMinmax != null) {
            if (!(cutmixMinmax.low() >= 0 && cutmixMinmax.low() < cutmixMinmax.high() && cutmixMinmax.high() <= 1)) {
                throw new IllegalArgumentException("cutmix_minmax must be null or [low, high] with 0 <= low < high <= 1, got "
                        + cutmixMinmax);
            }
            cutmixAlpha = 1; // timm: "force cutmix alpha == 1.0 when minmax active"
        }
        if (alpha == 0 && cutmixAlpha == 0) {
            throw new IllegalArgumentException("alpha must be > 0, or CutMix on (cutmix_alpha > 0 or cutmix_minmax), got alpha=0");
        }
        within("mix_prob", mixProb, 0, 1);
        within("switch_prob", switchProb, 0, 1);
        within("label_smoothing", labelSmoothing, 0, 1);
        if (mixupOffEpoch != null && mixupOffEpoch < 0) {
            throw new IllegalArgumentException("mixup_off_epoch must be null or >= 0, got " + mixupOffEpoch);
        }
    }

    /** Plain mixup with {@code alpha = 0.2}, every sample mixed. */
    public static MixingSettings defaults() {
        return builder().build();
    }

    /** Starts from the defaults; each setter given {@code null} keeps the default. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean mixupEnabled() {
        return alpha > 0;
    }

    public boolean cutmixEnabled() {
        return cutmixAlpha > 0;
    }

    /** Whether samples of {@code epoch} are mixed at all. */
    boolean mixes(long epoch) {
        return mixupOffEpoch == null || epoch < mixupOffEpoch;
    }

    /** The defaults, the only place they are written: the seed's mixup, timm's values for the rest. */
    public static final class Builder {

        private double alpha = 0.2;
        private double cutmixAlpha;
        private Range cutmixMinmax;
        private double mixProb = 1;
        private double switchProb = 0.5;
        private boolean correctLam = true;
        private double labelSmoothing;
        private Long mixupOffEpoch;

        private Builder() {
        }

        public Builder alpha(Double value) {
            alpha = Objects.requireNonNullElse(value, alpha);
            return this;
        }

        public Builder cutmixAlpha(Double value) {
            cutmixAlpha = Objects.requireNonNullElse(value, cutmixAlpha);
            return this;
        }

        public Builder cutmixMinmax(Range value) {
            cutmixMinmax = value == null ? cutmixMinmax : value;
            return this;
        }

        public Builder mixProb(Double value) {
            mixProb = Objects.requireNonNullElse(value, mixProb);
            return this;
        }

        public Builder switchProb(Double value) {
            switchProb = Objects.requireNonNullElse(value, switchProb);
            return this;
        }

        public Builder correctLam(Boolean value) {
            correctLam = Objects.requireNonNullElse(value, correctLam);
            return this;
        }

        public Builder labelSmoothing(Double value) {
            labelSmoothing = Objects.requireNonNullElse(value, labelSmoothing);
            return this;
        }

        public Builder mixupOffEpoch(Long value) {
            mixupOffEpoch = value == null ? mixupOffEpoch : value;
            return this;
        }

        /** @throws IllegalArgumentException for a value out of its bounds, naming the setting */
        public MixingSettings build() {
            return new MixingSettings(alpha, cutmixAlpha, cutmixMinmax, mixProb, switchProb, correctLam, labelSmoothing,
                    mixupOffEpoch);
        }
    }
}
