package dev.mixup.session;

import java.util.Arrays;
import java.util.Locale;

/** Image layout of a batch: NHWC as Keras, or NCHW as PyTorch. */
public enum DataFormat {
    CHANNELS_LAST, CHANNELS_FIRST;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DataFormat fromApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "data_format must be channels_last or channels_first, got '" + name + "'"));
    }
}
