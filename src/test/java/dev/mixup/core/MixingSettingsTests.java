package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MixingSettingsTests {

    @Test
    void defaultsArePlainMixupWithTimmsValuesForTheRest() {
        assertThat(MixingSettings.defaults())
                .isEqualTo(new MixingSettings(0.2, 0, null, 1, 0.5, true, 0, null))
                .isEqualTo(MixingSettings.builder().alpha(null).mixupOffEpoch(null).cutmixMinmax(null).build());
        assertThat(MixingSettings.defaults().mixupEnabled()).isTrue();
        assertThat(MixingSettings.defaults().cutmixEnabled()).isFalse();
        assertThat(MixingSettings.defaults().mixes(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void cutmixMinmaxTurnsCutMixOnWithAlphaOneAsTimmDoes() {
        MixingSettings s = MixingSettings.builder().cutmixAlpha(0.3).cutmixMinmax(new Range(0.2, 0.8)).build();
        assertThat(s.cutmixAlpha()).isEqualTo(1);
        assertThat(MixingSettings.builder().alpha(0.0).cutmixMinmax(new Range(0.2, 0.8)).build().cutmixEnabled()).isTrue();
    }

    @Test
    void somethingMustMix() {
        assertThatThrownBy(() -> MixingSettings.builder().alpha(0.0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be > 0, or CutMix on (cutmix_alpha > 0 or cutmix_minmax), got alpha=0");
        assertThat(MixingSettings.builder().alpha(0.0).cutmixAlpha(1.0).build().mixupEnabled()).isFalse();
    }

    @Test
    void mixupOffEpochIsTheFirstEpochNotMixed() {
        MixingSettings s = MixingSettings.builder().mixupOffEpoch(3L).build();
        assertThat(s.mixes(2)).isTrue();
        assertThat(s.mixes(3)).isFalse();
        assertThat(MixingSettings.builder().mixupOffEpoch(0L).build().mixes(0)).isFalse();
    }

    @Test
    void messagesUseTheApiNames() {
        assertThatThrownBy(() -> MixingSettings.builder().alpha(-1.0).build()).hasMessage("alpha must be in [0, 1000000], got -1");
        assertThatThrownBy(() -> MixingSettings.builder().alpha(Double.NaN).build()).hasMessage("alpha must be in [0, 1000000], got NaN");
        // Beta(1e308, 1e308) samples NaN
        assertThatThrownBy(() -> MixingSettings.builder().cutmixAlpha(1e308).build()).hasMessageStartingWith("cutmix_alpha must be in");
        assertThatThrownBy(() -> MixingSettings.builder().mixProb(1.5).build()).hasMessage("mix_prob must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> MixingSettings.builder().switchProb(-0.1).build()).hasMessage("switch_prob must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> MixingSettings.builder().labelSmoothing(2.0).build())
                .hasMessage("label_smoothing must be in [0, 1], got 2");
        assertThatThrownBy(() -> MixingSettings.builder().mixupOffEpoch(-1L).build())
                .hasMessage("mixup_off_epoch must be null or >= 0, got -1");
        for (Range bad : new Range[] {new Range(0.5, 0.5), new Range(-0.1, 0.5), new Range(0.2, 1.5), new Range(Double.NaN, 1)}) {
            assertThatThrownBy(() -> MixingSettings.builder().cutmixMinmax(bad).build()).as("%s", bad)
                    .hasMessageStartingWith("cutmix_minmax must be null or [low, high] with 0 <= low < high <= 1, got ");
        }
    }
}
