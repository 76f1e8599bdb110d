package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EraserSettingsTests {

    @Test
    void defaultsAreThePapers() {
        assertThat(EraserSettings.defaults()).isEqualTo(new EraserSettings(0.5, 0.02, 0.4, 0.3, 1 / 0.3, 0, 255, false));
    }

    @Test
    void theBuilderChangesOnlyWhatIsGivenAndNullKeepsTheDefault() {
        EraserSettings s = EraserSettings.builder().p(1.0).vH(100.0).pixelLevel(true).sL(null).build();
        assertThat(s).isEqualTo(new EraserSettings(1, 0.02, 0.4, 0.3, 1 / 0.3, 0, 100, true));
    }

    @Test
    void messagesUseThePapersNames() {
        assertThatThrownBy(() -> new EraserSettings(1.5, 0.02, 0.4, 0.3, 3, 0, 255, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("p must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0, 0.4, 0.3, 3, 0, 255, false))
                .hasMessage("s_l and s_h must satisfy 0 < s_l <= s_h <= 1, got s_l=0.0, s_h=0.4");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0.5, 0.4, 0.3, 3, 0, 255, false))
                .hasMessage("s_l and s_h must satisfy 0 < s_l <= s_h <= 1, got s_l=0.5, s_h=0.4");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0.02, 1.2, 0.3, 3, 0, 255, false))
                .hasMessageContaining("s_h=1.2");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0.02, 0.4, 3, 0.3, 0, 255, false))
                .hasMessage("r_1 and r_2 must satisfy 0 < r_1 <= r_2 <= 1000000, got r_1=3.0, r_2=0.3");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0.02, 0.4, 0.3, Double.POSITIVE_INFINITY, 0, 255, false))
                .hasMessageContaining("r_2=Infinity");
        assertThatThrownBy(() -> new EraserSettings(0.5, 0.02, 0.4, 0.3, 3, 255, 0, false))
                .hasMessage("v_l must be <= v_h, got v_l=255.0, v_h=0.0");
        assertThatThrownBy(() -> new EraserSettings(Double.NaN, 0.02, 0.4, 0.3, 3, 0, 255, false))
                .hasMessage("p must be in [0, 1], got NaN");
    }

    @Test
    void fillValuesThatWouldOverflowAreRefused() {
        // float32 holds at most 3.4e38: a fill of 1e308 would erase with inf
        assertThatThrownBy(() -> EraserSettings.builder().vH(1e308).build())
                .hasMessage("v_h must be in [-1000000, 1000000], got 1.0E308");
        assertThatThrownBy(() -> EraserSettings.builder().vL(-1e7).build()).hasMessageContaining("v_l must be in");
        assertThat(EraserSettings.builder().vL(-1e6).vH(1e6).build().vH()).isEqualTo(1e6);
    }
}
