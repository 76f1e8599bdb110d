package dev.mixup.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters move by what a request did (the context is shared, so compare before and after). */
class MetricsTests extends RunningServiceTests {

    @Test
    void prometheusCountsDatasetsSessionsBatchesAndBytes() throws Exception {
        String before = scrape();
        String dataset = api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 3, 2), "name=m");
        String session = api.openSession("{\"dataset_id\":\"" + dataset + "\",\"batch_size\":2}");
        long streamed = api.send("POST", "/v1/sessions/" + session + "/stream?batches=3", null, null, null).body().length;
        String after = scrape();

        assertThat(value(after, "mixup_datasets_registered_total") - value(before, "mixup_datasets_registered_total")).isEqualTo(1);
        assertThat(value(after, "mixup_datasets_stored") - value(before, "mixup_datasets_stored")).isEqualTo(1);
        assertThat(value(after, "mixup_sessions_opened_total") - value(before, "mixup_sessions_opened_total")).isEqualTo(1);
        assertThat(value(after, "mixup_sessions_open") - value(before, "mixup_sessions_open")).isEqualTo(1);
        assertThat(value(after, "mixup_batches_served_total") - value(before, "mixup_batches_served_total")).isEqualTo(3);
        assertThat(value(after, "mixup_batch_bytes_served_bytes_total") - value(before, "mixup_batch_bytes_served_bytes_total"))
                .isEqualTo(streamed);
    }

    private String scrape() {
        return new String(api.get("/actuator/prometheus").body());
    }

    private static double value(String scrape, String meter) {
        Matcher line = Pattern.compile("(?m)^" + meter + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
