package dev.mixup.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageOpsTests {

    @Test
    void horizontalFlipMirrorsColumnsKeepingChannelOrder() {
        ImageShape shape = new ImageShape(2, 3, 2);
        float[] image = Images.ramp(shape);
        ImageOps.flipHorizontal(image, shape);
        assertThat(image).containsExactly(
                4, 5, 2, 3, 0, 1,
                10, 11, 8, 9, 6, 7);
    }

    @Test
    void verticalFlipMirrorsRows() {
        ImageShape shape = new ImageShape(3, 2, 1);
        float[] image = Images.ramp(shape);
        ImageOps.flipVertical(image, shape);
        assertThat(image).containsExactly(4, 5, 2, 3, 0, 1);
    }

    @Test
    void flippingTwiceRestoresTheImage() {
        ImageShape shape = new ImageShape(5, 4, 3);
        float[] image = Images.ramp(shape);
        ImageOps.flipHorizontal(image, shape);
        ImageOps.flipHorizontal(image, shape);
        ImageOps.flipVertical(image, shape);
        ImageOps.flipVertical(image, shape);
        assertThat(image).containsExactly(Images.ramp(shape));
    }

    @Test
    void channelShiftClipsToTheRangeBeforeTheShift() {
        float[] image = {0, 5, 10};
        ImageOps.channelShift(image, 4);
        assertThat(image).containsExactly(4, 9, 10);
        image = new float[] {0, 5, 10};
        ImageOps.channelShift(image, -7);
        assertThat(image).containsExactly(0, 0, 3);
    }

    @Test
    void channelShiftClipsEveryChannelToTheWholeImageRange() {
        float[] image = {0, 100, 50, 60}; // 1x2 pixels x 2 channels: range [0, 100] over both channels
        ImageOps.channelShift(image, 30);
        assertThat(image).containsExactly(30, 100, 80, 90);
    }

    @Test
    void brightnessScalesAndClipsToPixelRange() {
        float[] image = {0, 100, 200};
        ImageOps.brightness(image, 1.5);
        assertThat(image).containsExactly(0, 150, 255);
        image = new float[] {0, 100, 200};
        ImageOps.brightness(image, 0.5);
        assertThat(image).containsExactly(0, 50, 100);
    }

    @Test
    void brightnessOfAnImageOutsidePixelRangeWorksOnItsOwnRange() {
        // Keras maps [-10, 10] onto [0, 255], scales and clips, and maps back
        float[] image = {-10, 0, 10};
        ImageOps.brightness(image, 1.5);
        assertThat(image).containsExactly(-10, 5, 10);
        image = new float[] {-10, 0, 10};
        ImageOps.brightness(image, 0.5);
        assertThat(image).containsExactly(-10, -5, 0);
    }

    @Test
    void brightnessLeavesAConstantImageOutsidePixelRangeAsItIs() {
        float[] image = {300, 300};
        ImageOps.brightness(image, 0.3);
        assertThat(image).containsExactly(300, 300);
    }
}
