package dev.mixup.core;

/** Test helper: {@link DatagenSettings#none()} with the few settings a test cares about switched on. */
final class DatagenSettingsBuilder {

    private ShiftRange widthShiftRange = ShiftRange.none();
    private ShiftRange heightShiftRange = ShiftRange.none();
    private boolean horizontalFlip;
    private boolean verticalFlip;
    private double rotationRange;
    private double zoomLow = 1;
    private double zoomHigh = 1;
    private double shearRange;
    private double channelShiftRange;
    private double[] brightnessRange;
    private FillMode fillMode = FillMode.NEAREST;
    private double cval;
    private Double rescale;
    private boolean samplewiseCenter;
    private boolean samplewiseStdNormalization;
    private boolean featurewiseCenter;
    private boolean featurewiseStdNormalization;

    static DatagenSettingsBuilder settings() {
        return new DatagenSettingsBuilder();
    }

    DatagenSettingsBuilder widthShift(ShiftRange range) {
        widthShiftRange = range;
        return this;
    }

    DatagenSettingsBuilder heightShift(ShiftRange range) {
        heightShiftRange = range;
        return this;
    }

    DatagenSettingsBuilder flips(boolean horizontal, boolean vertical) {
        horizontalFlip = horizontal;
        verticalFlip = vertical;
        return this;
    }

    DatagenSettingsBuilder rotation(double range) {
        rotationRange = range;
        return this;
    }

    DatagenSettingsBuilder zoom(double low, double high) {
        zoomLow = low;
        zoomHigh = high;
        return this;
    }

    DatagenSettingsBuilder shear(double range) {
        shearRange = range;
        return this;
    }

    DatagenSettingsBuilder channelShift(double range) {
        channelShiftRange = range;
        return this;
    }

    DatagenSettingsBuilder brightness(double low, double high) {
        brightnessRange = new double[] {low, high};
        return this;
    }

    DatagenSettingsBuilder fill(FillMode mode, double value) {
        fillMode = mode;
        cval = value;
        return this;
    }

    DatagenSettingsBuilder rescale(Double value) {
        rescale = value;
        return this;
    }

    DatagenSettingsBuilder samplewise(boolean center, boolean stdNormalization) {
        samplewiseCenter = center;
        samplewiseStdNormalization = stdNormalization;
        return this;
    }

    DatagenSettingsBuilder featurewise(boolean center, boolean stdNormalization) {
        featurewiseCenter = center;
        featurewiseStdNormalization = stdNormalization;
        return this;
    }

    DatagenSettings build() {
        return new DatagenSettings(widthShiftRange, heightShiftRange, horizontalFlip, verticalFlip,
                rotationRange, zoomLow, zoomHigh, shearRange, channelShiftRange, brightnessRange,
                fillMode, cval, rescale, samplewiseCenter, samplewiseStdNormalization,
                featurewiseCenter, featurewiseStdNormalization);
    }
}
