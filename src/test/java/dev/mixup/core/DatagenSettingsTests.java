package dev.mixup.core;

import static dev.mixup.core.DatagenSettingsBuilder.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatagenSettingsTests {

    @Test
    void noneHasKerasDefaults() {
        DatagenSettings none = DatagenSettings.none();
        assertThat(none.fillMode()).isEqualTo(FillMode.NEAREST);
        assertThat(none.zoomLow()).isEqualTo(1);
        assertThat(none.zoomHigh()).isEqualTo(1);
        assertThat(none.widthShiftRange()).isEqualTo(ShiftRange.none());
        assertThat(none.brightnessRange()).isNull();
        assertThat(none.rescale()).isNull();
        assertThat(none.needsFeaturewiseStatistics()).isFalse();
    }

    @Test
    void messagesUseKerasNames() {
        assertThatThrownBy(() -> settings().rotation(-3).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rotation_range must be >= 0, got -3.0");
        assertThatThrownBy(() -> settings().shear(Double.NaN).build()).hasMessage("shear_range must be >= 0, got NaN");
        assertThatThrownBy(() -> settings().channelShift(Double.POSITIVE_INFINITY).build())
                .hasMessage("channel_shift_range must be >= 0, got Infinity");
        assertThatThrownBy(() -> settings().zoom(1.2, 0.8).build())
                .hasMessage("zoom_range must be [low, high] with 0 <= low <= high, got [1.2, 0.8]");
        assertThatThrownBy(() -> settings().brightness(1.5, 0.5).build())
                .hasMessage("brightness_range must be null or [low, high] with 0 <= low <= high, got [1.5, 0.5]");
        assertThatThrownBy(() -> settings().fill(FillMode.CONSTANT, Double.NaN).build())
                .hasMessage("cval must be a finite number, got NaN");
        assertThatThrownBy(() -> settings().rescale(Double.NaN).build())
                .hasMessage("rescale must be null or a finite number, got NaN");
    }

    @Test
    void brightnessRangeNeedsTwoValues() {
        DatagenSettings none = DatagenSettings.none();
        assertThatThrownBy(() -> new DatagenSettings(none.widthShiftRange(), none.heightShiftRange(), false, false, 0, 1, 1, 0, 0,
                new double[] {0.5}, FillMode.NEAREST, 0, null, false, false, false, false))
                .hasMessageContaining("brightness_range must be null or [low, high]");
    }

    @Test
    void stdNormalizationTurnsCenteringOnAsKerasDoes() {
        DatagenSettings s = settings().samplewise(false, true).featurewise(false, true).build();
        assertThat(s.samplewiseCenter()).isTrue();
        assertThat(s.featurewiseCenter()).isTrue();
        assertThat(s.needsFeaturewiseStatistics()).isTrue();
        assertThat(settings().featurewise(true, false).build().featurewiseStdNormalization()).isFalse();
    }

    @Test
    void zeroRescaleMeansNoneAsInKeras() {
        assertThat(settings().rescale(0.0).build().rescale()).isNull();
        assertThat(settings().rescale(0.5).build().rescale()).isEqualTo(0.5);
    }

    @Test
    void brightnessRangeIsCopiedAndComparedByValue() {
        double[] range = {0.5, 1.5};
        DatagenSettings s = new DatagenSettings(ShiftRange.ofInt(2), ShiftRange.ofFloat(0.1), true, false, 10, 0.9, 1.1, 5, 3,
                range, FillMode.WRAP, 1, 0.5, false, false, false, false);
        range[0] = 0;
        s.brightnessRange()[1] = 9;
        assertThat(s.brightnessRange()).containsExactly(0.5, 1.5);
        DatagenSettings same = settings().widthShift(ShiftRange.ofInt(2)).heightShift(ShiftRange.ofFloat(0.1)).flips(true, false)
                .rotation(10).zoom(0.9, 1.1).shear(5).channelShift(3).brightness(0.5, 1.5).fill(FillMode.WRAP, 1).rescale(0.5).build();
        assertThat(same).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(same.toString()).contains("width_shift_range=2,", "brightness_range=[0.5, 1.5]", "fill_mode=wrap");
        assertThat(settings().brightness(0.5, 1.4).build()).isNotEqualTo(settings().brightness(0.5, 1.5).build());
    }

    @ParameterizedTest
    @EnumSource(FillMode.class)
    void fillModesRoundTripTheirKerasNames(FillMode mode) {
        assertThat(FillMode.fromKerasName(mode.kerasName())).isEqualTo(mode);
    }

    @Test
    void unknownFillModeListsTheKnownOnes() {
        assertThat(FillMode.NEAREST.kerasName()).isEqualTo("nearest");
        assertThatThrownBy(() -> FillMode.fromKerasName("mirror")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fill_mode must be one of constant, nearest, reflect, wrap, got 'mirror'");
    }

    @Test
    void channelStatisticsAreCopiedAndValidated() {
        double[] mean = {1, 2};
        ChannelStatistics statistics = new ChannelStatistics(mean, new double[] {3, 4});
        mean[0] = 9;
        assertThat(statistics.mean()).containsExactly(1, 2);
        assertThat(statistics).isEqualTo(new ChannelStatistics(new double[] {1, 2}, new double[] {3, 4}));
        assertThat(statistics.channels()).isEqualTo(2);
        assertThatThrownBy(() -> new ChannelStatistics(new double[] {1}, new double[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std -1.0");
        assertThatThrownBy(() -> new ChannelStatistics(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
