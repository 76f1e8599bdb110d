package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatagenSettingsTests {

    @Test
    void defaultsAreKeras() {
        DatagenSettings defaults = DatagenSettings.defaults();
        assertThat(defaults.fillMode()).isEqualTo(FillMode.NEAREST);
        assertThat(defaults.zoomRange()).isEqualTo(ZoomRange.none());
        assertThat(defaults.zoomRange().low()).isEqualTo(1);
        assertThat(defaults.zoomRange().high()).isEqualTo(1);
        assertThat(defaults.widthShiftRange()).isEqualTo(ShiftRange.none());
        assertThat(defaults.brightnessRange()).isNull();
        assertThat(defaults.rescale()).isNull();
        assertThat(defaults.cval()).isZero();
        assertThat(defaults.needsFeaturewiseStatistics()).isFalse();
    }

    @Test
    void theBuilderChangesOnlyWhatIsGivenAndNullKeepsTheDefault() {
        DatagenSettings s = DatagenSettings.builder().rotationRange(10.0).fillMode(FillMode.WRAP).cval(null).rescale(null).build();
        assertThat(s.rotationRange()).isEqualTo(10);
        assertThat(s.fillMode()).isEqualTo(FillMode.WRAP);
        assertThat(s).isEqualTo(DatagenSettings.builder().fillMode(FillMode.WRAP).rotationRange(10.0).build())
                .isNotEqualTo(DatagenSettings.defaults());
    }

    @Test
    void messagesUseKerasNames() {
        assertThatThrownBy(() -> DatagenSettings.builder().rotationRange(-3.0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rotation_range must be in [0, 360], got -3");
        assertThatThrownBy(() -> DatagenSettings.builder().shearRange(Double.NaN).build())
                .hasMessage("shear_range must be in [0, 360], got NaN");
        assertThatThrownBy(() -> DatagenSettings.builder().channelShiftRange(Double.POSITIVE_INFINITY).build())
                .hasMessage("channel_shift_range must be in [0, 1000000], got Infinity");
        assertThatThrownBy(() -> ZoomRange.of(1.2, 0.8))
                .hasMessage("zoom_range must be [low, high] with 0 <= low <= high <= 1000000, got [1.2, 0.8]");
        assertThatThrownBy(() -> DatagenSettings.builder().brightnessRange(new Range(1.5, 0.5)).build())
                .hasMessage("brightness_range must be [low, high] with 0 <= low <= high <= 1000000, got [1.5, 0.5]");
        assertThatThrownBy(() -> DatagenSettings.builder().cval(Double.NaN).build())
                .hasMessage("cval must be in [-1000000, 1000000], got NaN");
        assertThatThrownBy(() -> DatagenSettings.builder().rescale(Double.NaN).build())
                .hasMessage("rescale must be in [-1000000, 1000000], got NaN");
        assertThatThrownBy(() -> DatagenSettings.builder().widthShiftRange(ShiftRange.of(-0.1)).build())
                .hasMessage("width_shift_range must be in [0, 1000000], got -0.1");
        assertThatThrownBy(() -> DatagenSettings.builder().heightShiftRange(ShiftRange.of(-2)).build())
                .hasMessage("height_shift_range must be in [0, 1000000], got -2");
    }

    @Test
    void valuesWhoseArithmeticWouldNotStayFiniteAreRefusedNotTruncated() {
        // 2^32 + 5 must not become a shift of 5 pixels
        assertThatThrownBy(() -> DatagenSettings.builder().widthShiftRange(ShiftRange.of(4294967301L)).build())
                .hasMessage("width_shift_range must be in [0, 1000000], got 4294967301");
        assertThatThrownBy(() -> DatagenSettings.builder().heightShiftRange(ShiftRange.of(BigInteger.TWO.pow(64))).build())
                .hasMessageStartingWith("height_shift_range must be in [0, 1000000], got ");
        // uniform(-1e308, 1e308) overflows to inf, and then sin and cos give NaN images
        assertThatThrownBy(() -> DatagenSettings.builder().rotationRange(1e308).build())
                .hasMessage("rotation_range must be in [0, 360], got 1.0E308");
        assertThatThrownBy(() -> DatagenSettings.builder().rescale(1e308).build()).hasMessageStartingWith("rescale must be in");
        assertThatThrownBy(() -> DatagenSettings.builder().cval(1e308).build()).hasMessageStartingWith("cval must be in");
        assertThatThrownBy(() -> DatagenSettings.builder().widthShiftRange(ShiftRange.of(1e308)).build())
                .hasMessageStartingWith("width_shift_range must be in");
        assertThatThrownBy(() -> ZoomRange.of(1, 1e308)).hasMessageStartingWith("zoom_range must be");
        assertThat(DatagenSettings.builder().rotationRange(360.0).shearRange(360.0).widthShiftRange(ShiftRange.of(1_000_000))
                .rescale(-1e6).build().rescale()).isEqualTo(-1e6);
    }

    @Test
    void zoomRangeKeepsTheFormItWasGivenIn() {
        assertThat(ZoomRange.of(0.25).isScalar()).isTrue();
        assertThat(ZoomRange.of(0.25)).hasToString("0.25");
        assertThat(ZoomRange.of(0.25).low()).isEqualTo(0.75);
        assertThat(ZoomRange.of(0.25).high()).isEqualTo(1.25);
        assertThat(ZoomRange.of(0.75, 1.25)).isNotEqualTo(ZoomRange.of(0.25)).hasToString("[0.75, 1.25]");
        assertThat(ZoomRange.of(0.75, 1.25).isScalar()).isFalse();
        assertThat(ZoomRange.of(-0.0)).isEqualTo(ZoomRange.none());
        assertThat(ZoomRange.of(1, 1).isIdentity()).isTrue();
        // Keras: z means [1 - z, 1 + z], so z > 1 would give a negative zoom factor
        assertThatThrownBy(() -> ZoomRange.of(1.5)).hasMessage("zoom_range must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> ZoomRange.of(0.75, 1.25).scalar()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stdNormalizationTurnsCenteringOnAsKerasDoes() {
        DatagenSettings s = DatagenSettings.builder().samplewiseStdNormalization(true).featurewiseStdNormalization(true).build();
        assertThat(s.samplewiseCenter()).isTrue();
        assertThat(s.featurewiseCenter()).isTrue();
        assertThat(s.needsFeaturewiseStatistics()).isTrue();
        assertThat(DatagenSettings.builder().featurewiseCenter(true).build().featurewiseStdNormalization()).isFalse();
    }

    @Test
    void zeroRescaleMeansNoneAsInKeras() {
        assertThat(DatagenSettings.builder().rescale(0.0).build().rescale()).isNull();
        assertThat(DatagenSettings.builder().rescale(-0.0).build()).isEqualTo(DatagenSettings.defaults());
        assertThat(DatagenSettings.builder().rescale(0.5).build().rescale()).isEqualTo(0.5);
    }

    @Test
    void rangesCompareByValue() {
        DatagenSettings s = DatagenSettings.builder().brightnessRange(new Range(0.5, 1.5)).build();
        assertThat(DatagenSettings.builder().brightnessRange(new Range(0.5, 1.5)).build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(DatagenSettings.builder().brightnessRange(new Range(0.5, 1.4)).build()).isNotEqualTo(s);
        assertThat(s.toString()).contains("brightnessRange=[0.5, 1.5]");
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
