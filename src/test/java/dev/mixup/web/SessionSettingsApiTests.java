package dev.mixup.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;

import dev.mixup.web.NpzFixtures.Images;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session shows the settings it applies, exactly: defaults filled in, normalised settings as
 * normalised, and resending the echo opens a session that serves the same bytes. Settings that
 * cannot work, out of range or whose arithmetic would not stay finite, are refused, not truncated.
 */
class SessionSettingsApiTests extends BatchApiTests {

    private String dataset() throws IOException {
        return upload(Images.noise(SAMPLES, 8, 10, 3, 0, 255, 91));
    }

    @Test
    void theEchoShowsEveryDefault() throws IOException {
        JsonNode echo = api.json(api.postJson("/v1/sessions", settings(dataset(), "\"batch_size\":16")));
        assertThat(echo.get("alpha").asDouble()).isEqualTo(0.2);
        assertThat(echo.get("cutmix_alpha").asDouble()).isZero();
        assertThat(echo.get("cutmix_minmax").isNull()).isTrue();
        assertThat(echo.get("mix_prob").asDouble()).isEqualTo(1.0);
        assertThat(echo.get("switch_prob").asDouble()).isEqualTo(0.5);
        assertThat(echo.get("correct_lam").asBoolean()).isTrue();
        assertThat(echo.get("label_smoothing").asDouble()).isZero();
        assertThat(echo.get("mixup_off_epoch").isNull()).isTrue();
        JsonNode datagen = echo.get("datagen");
        assertThat(datagen.get("zoom_range").asDouble()).isZero();
        assertThat(datagen.get("width_shift_range").isFloatingPointNumber()).isTrue();
        assertThat(datagen.get("rescale").isNull()).isTrue();
        assertThat(datagen.get("brightness_range").isNull()).isTrue();
        assertThat(echo.get("eraser").isNull()).isTrue();
        JsonNode eraser = api.json(api.postJson("/v1/sessions", settings(dataset(), "\"batch_size\":16,\"eraser\":{}"))).get("eraser");
        assertThat(eraser.get("p").asDouble()).isEqualTo(0.5);
        assertThat(eraser.get("r_2").asDouble()).isEqualTo(1 / 0.3);
        assertThat(eraser.get("v_h").asDouble()).isEqualTo(255);
    }

    @Test
    void normalisedSettingsAreEchoedAsApplied() throws IOException {
        JsonNode echo = api.json(api.postJson("/v1/sessions", settings(dataset(), "\"batch_size\":16,\"cutmix_alpha\":0.3,"
                + "\"cutmix_minmax\":[0.2,0.8],\"datagen\":{\"rescale\":0,\"samplewise_std_normalization\":true,"
                + "\"featurewise_std_normalization\":true,\"zoom_range\":0.25,\"width_shift_range\":3,\"height_shift_range\":3.0}")));
        assertThat(echo.get("cutmix_alpha").asDouble()).as("cutmix_minmax sets cutmix_alpha to 1, as timm does").isEqualTo(1.0);
        assertThat(echo.get("cutmix_minmax").toString()).isEqualTo("[0.2,0.8]");
        JsonNode datagen = echo.get("datagen");
        assertThat(datagen.get("rescale").isNull()).as("rescale 0 means none, as in Keras").isTrue();
        assertThat(datagen.get("samplewise_center").asBoolean()).as("std normalization turns centring on").isTrue();
        assertThat(datagen.get("featurewise_center").asBoolean()).isTrue();
        assertThat(datagen.get("zoom_range").asDouble()).isEqualTo(0.25);
        assertThat(datagen.get("width_shift_range").isIntegralNumber()).as("an int shift is whole pixels").isTrue();
        assertThat(datagen.get("height_shift_range").isFloatingPointNumber()).isTrue();
        JsonNode pair = api.json(api.postJson("/v1/sessions", settings(dataset(), "\"batch_size\":16,"
                + "\"datagen\":{\"zoom_range\":[0.8,1.2]}"))).get("datagen");
        assertThat(pair.get("zoom_range").toString()).isEqualTo("[0.8,1.2]");
    }

    @Test
    void resendingTheEchoOpensASessionThatServesTheSameBytes() throws IOException {
        String dataset = dataset();
        // no seed: the drawn one is echoed too
        HttpResponse<byte[]> created = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16,\"alpha\":0.4,"
                + "\"cutmix_alpha\":1.0,\"switch_prob\":0.4,\"mix_prob\":0.9,\"label_smoothing\":0.1,\"mixup_off_epoch\":3,"
                + "\"correct_lam\":false,\"datagen\":{\"rescale\":0,\"zoom_range\":0.1,\"samplewise_std_normalization\":true,"
                + "\"width_shift_range\":2,\"rotation_range\":20,\"horizontal_flip\":true,\"brightness_range\":[0.8,1.2],"
                + "\"fill_mode\":\"reflect\"},\"eraser\":{\"p\":0.5},\"dtype\":\"float16\",\"data_format\":\"channels_first\""));
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        ObjectNode echo = (ObjectNode) api.json(created);
        String first = echo.get("id").asString();
        for (String shown : List.of("id", "samples", "steps_per_epoch", "position", "created_at", "last_used_at")) {
            echo.remove(shown);
        }
        HttpResponse<byte[]> again = api.postJson("/v1/sessions", echo.toString());
        assertThat(again.statusCode()).as(new String(again.body())).isEqualTo(201);
        ObjectNode second = (ObjectNode) api.json(again);
        String twin = second.get("id").asString();
        for (String shown : List.of("id", "samples", "steps_per_epoch", "position", "created_at", "last_used_at")) {
            second.remove(shown);
        }
        assertThat(second).as("the echo of the echo").isEqualTo(echo);
        for (long step : new long[] {0, 1, 7}) {
            assertThat(api.get("/v1/sessions/" + twin + "/batches/" + step + "?provenance=true").body()).as("step %d", step)
                    .isEqualTo(api.get("/v1/sessions/" + first + "/batches/" + step + "?provenance=true").body());
        }
    }

    @Test
    void valuesThatCannotWorkAreRefusedNotTruncatedAndCreateNothing() throws IOException {
        String dataset = dataset();
        int before = api.listAll("/v1/sessions").size();
        long filesBefore = sessionFiles();
        String longList = "[" + String.join(",", Collections.nCopies(10_000, "0.5")) + "]";
        for (var refused : List.of(
                // 2^32 + 5 would be a shift of 5 as an int
                List.of("\"datagen\":{\"width_shift_range\":4294967301}", "width_shift_range"),
                List.of("\"datagen\":{\"height_shift_range\":18446744073709551621}", "height_shift_range"),
                // uniform(-1e308, 1e308) overflows: NaN images
                List.of("\"datagen\":{\"rotation_range\":1e308}", "rotation_range"),
                List.of("\"datagen\":{\"shear_range\":400}", "shear_range"),
                // values that turn into inf in float32
                List.of("\"datagen\":{\"rescale\":1e308}", "rescale"),
                List.of("\"datagen\":{\"cval\":1e308}", "cval"),
                List.of("\"eraser\":{\"v_h\":1e308}", "v_h"),
                List.of("\"datagen\":{\"channel_shift_range\":1e308}", "channel_shift_range"),
                List.of("\"datagen\":{\"zoom_range\":[0.5,1e308]}", "zoom_range"),
                List.of("\"datagen\":{\"zoom_range\":1.5}", "zoom_range"),
                List.of("\"datagen\":{\"brightness_range\":[0.5,1e308]}", "brightness_range"),
                List.of("\"datagen\":{\"brightness_range\":" + longList + "}", "brightness_range"),
                List.of("\"alpha\":1e308", "alpha"),
                List.of("\"alpha\":0", "alpha"),
                List.of("\"cutmix_alpha\":-1", "cutmix_alpha"),
                List.of("\"cutmix_minmax\":[0.5,0.4]", "cutmix_minmax"),
                // int(8 * 0.1) = int(8 * 0.11) = 0: no box size to draw
                List.of("\"cutmix_minmax\":[0.1,0.11]", "cutmix_minmax"),
                List.of("\"mix_prob\":1.5", "mix_prob"),
                List.of("\"switch_prob\":-0.5", "switch_prob"),
                List.of("\"label_smoothing\":2", "label_smoothing"),
                List.of("\"mixup_off_epoch\":-1", "mixup_off_epoch"),
                List.of("\"batch_size\":4294967301", "batch_size"))) {
            HttpResponse<byte[]> response = api.postJson("/v1/sessions", settings(dataset, "\"batch_size\":16," + refused.get(0)));
            assertThat(response.statusCode()).as(refused.get(0)).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(refused.get(0)).hasValue("application/problem+json");
            String detail = api.json(response).get("detail").asString();
            assertThat(detail).as(refused.get(0)).contains(refused.get(1)).hasSizeLessThan(500);
        }
        assertThat(api.listAll("/v1/sessions").size()).isEqualTo(before);
        assertThat(sessionFiles()).isEqualTo(filesBefore);
    }

    @Test
    void cutMixAloneNeedsNoMixupAlpha() throws IOException {
        HttpResponse<byte[]> created = api.postJson("/v1/sessions", settings(dataset(), "\"batch_size\":16,\"alpha\":0,\"cutmix_alpha\":1"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(api.json(created).get("alpha").asDouble()).isZero();
    }
}
