package dev.mixup.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.mixup.core.DatagenSettings;
import dev.mixup.core.EraserSettings;
import dev.mixup.core.FillMode;
import dev.mixup.core.MixingSettings;
import dev.mixup.core.Range;
import dev.mixup.core.ShiftRange;
import dev.mixup.core.ZoomRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A session's settings between JSON and what the core applies: defaults once, the echo exactly what is applied. */
class SessionSpecTests {

    private final JsonMapper json = JsonMapper.builder().build();

    private SessionSpec request(String fields) {
        return json.readValue("{\"dataset_id\":\"d\"" + (fields.isEmpty() ? "" : "," + fields) + "}", SessionSpec.class);
    }

    @Test
    void anEmptyRequestResolvesToEveryDefaultAndTheDrawnSeed() {
        SessionSettings settings = request("").resolve(77);
        assertThat(settings).isEqualTo(SessionSettings.defaults("d", 77));
        assertThat(settings.batchSize()).isEqualTo(32);
        assertThat(settings.shuffle()).isTrue();
        assertThat(settings.mixing()).isEqualTo(MixingSettings.defaults());
        assertThat(settings.datagen()).isEqualTo(DatagenSettings.defaults());
        assertThat(settings.eraser()).isNull();
        assertThat(settings.dtype()).isEqualTo(OutputDtype.FLOAT32);
        assertThat(settings.dataFormat()).isEqualTo(DataFormat.CHANNELS_LAST);
        assertThat(settings.shardCount()).isEqualTo(1);
        assertThat(request("\"seed\":5").resolve(77).seed()).as("a given seed wins").isEqualTo(5);
        assertThat(request("\"eraser\":{}").resolve(77).eraser()).isEqualTo(EraserSettings.defaults());
    }

    @Test
    void everySettingReachesTheCoreUnderItsApiName() {
        SessionSettings settings = request("\"batch_size\":8,\"alpha\":0.3,\"cutmix_alpha\":0.7,\"mix_prob\":0.8,"
                + "\"switch_prob\":0.1,\"correct_lam\":false,\"label_smoothing\":0.05,\"mixup_off_epoch\":9,\"shuffle\":false,"
                + "\"seed\":3,\"datagen\":{\"width_shift_range\":2,\"height_shift_range\":0.1,\"horizontal_flip\":true,"
                + "\"vertical_flip\":true,\"rotation_range\":12,\"zoom_range\":[0.9,1.1],\"shear_range\":4,\"channel_shift_range\":6,"
                + "\"brightness_range\":[0.7,1.3],\"fill_mode\":\"wrap\",\"cval\":3,\"rescale\":0.5,\"samplewise_center\":true,"
                + "\"featurewise_center\":true},\"eraser\":{\"p\":1,\"s_l\":0.1,\"s_h\":0.2,\"r_1\":0.5,\"r_2\":2,\"v_l\":1,"
                + "\"v_h\":9,\"pixel_level\":true},\"dtype\":\"float16\",\"data_format\":\"channels_first\","
                + "\"shard_index\":1,\"shard_count\":3").resolve(0);
        assertThat(settings.mixing()).isEqualTo(new MixingSettings(0.3, 0.7, null, 0.8, 0.1, false, 0.05, 9L));
        assertThat(settings.datagen()).isEqualTo(DatagenSettings.builder().widthShiftRange(ShiftRange.of(2))
                .heightShiftRange(ShiftRange.of(0.1)).horizontalFlip(true).verticalFlip(true).rotationRange(12.0)
                .zoomRange(ZoomRange.of(0.9, 1.1)).shearRange(4.0).channelShiftRange(6.0).brightnessRange(new Range(0.7, 1.3))
                .fillMode(FillMode.WRAP).cval(3.0).rescale(0.5).samplewiseCenter(true).featurewiseCenter(true).build());
        assertThat(settings.eraser()).isEqualTo(new EraserSettings(1, 0.1, 0.2, 0.5, 2, 1, 9, true));
        assertThat(settings).extracting(SessionSettings::batchSize, SessionSettings::shuffle, SessionSettings::seed,
                SessionSettings::dtype, SessionSettings::dataFormat, SessionSettings::shardIndex, SessionSettings::shardCount)
                .containsExactly(8, false, 3L, OutputDtype.FLOAT16, DataFormat.CHANNELS_FIRST, 1, 3);
    }

    @Test
    void theEchoResolvesToWhatItShows() {
        for (String fields : List.of("", "\"cutmix_minmax\":[0.2,0.8],\"datagen\":{\"zoom_range\":0.2,\"rescale\":0}",
                "\"alpha\":0,\"cutmix_alpha\":2,\"datagen\":{\"samplewise_std_normalization\":true,\"width_shift_range\":3},"
                        + "\"eraser\":{\"p\":0.2}")) {
            SessionSettings applied = request(fields).resolve(11);
            SessionSpec echo = SessionSpec.of(applied);
            assertThat(echo.resolve()).as(fields).isEqualTo(applied);
            assertThat(json.readValue(json.writeValueAsString(echo), SessionSpec.class).resolve()).as(fields).isEqualTo(applied);
        }
    }

    @Test
    void theEchoShowsNormalisedSettingsAsApplied() {
        JsonNode echo = json.valueToTree(SessionSpec.of(request("\"cutmix_alpha\":0.3,\"cutmix_minmax\":[0.2,0.8],"
                + "\"datagen\":{\"rescale\":0,\"featurewise_std_normalization\":true,\"width_shift_range\":3,\"zoom_range\":0.25}")
                .resolve(1)));
        assertThat(echo.get("cutmix_alpha").asDouble()).isEqualTo(1);
        assertThat(echo.get("seed").asLong()).isEqualTo(1);
        assertThat(echo.get("datagen").get("rescale").isNull()).isTrue();
        assertThat(echo.get("datagen").get("featurewise_center").asBoolean()).isTrue();
        assertThat(echo.get("datagen").get("width_shift_range").isInt()).isTrue();
        assertThat(echo.get("datagen").get("zoom_range").asDouble()).isEqualTo(0.25);
        assertThat(json.valueToTree(SessionSpec.defaults()).get("datagen").get("zoom_range").asDouble()).isZero();
    }

    @Test
    void valuesThatCannotWorkNameTheirSetting() {
        assertThatThrownBy(() -> request("\"datagen\":{\"width_shift_range\":4294967301}").resolve(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("width_shift_range must be in [0, 1000000], got 4294967301");
        assertThatThrownBy(() -> request("\"datagen\":{\"brightness_range\":[1,2,3]}").resolve(0))
                .hasMessage("brightness_range must be a list of two numbers [low, high], got a list of 3");
        assertThatThrownBy(() -> request("\"cutmix_minmax\":[0.2,null]").resolve(0))
                .hasMessage("cutmix_minmax must be a list of two numbers [low, high], got a list holding a non-number");
        assertThatThrownBy(() -> request("\"datagen\":{\"zoom_range\":\"wide\"}").resolve(0))
                .hasMessage("zoom_range must be a number or a list [lower, upper]");
        assertThatThrownBy(() -> request("\"datagen\":{\"fill_mode\":\"mirror\"}").resolve(0)).hasMessageStartingWith("fill_mode");
        assertThatThrownBy(() -> request("\"dtype\":\"float64\"").resolve(0)).hasMessageStartingWith("dtype");
        assertThatThrownBy(() -> request("\"data_format\":\"nhwc\"").resolve(0)).hasMessageStartingWith("data_format");
        assertThatThrownBy(() -> request("").resolve()).hasMessageContaining("no seed");
    }
}
