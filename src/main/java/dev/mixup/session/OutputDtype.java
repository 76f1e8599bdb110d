package dev.mixup.session;

import java.util.Arrays;
import java.util.Locale;

import dev.mixup.npy.NpyDtype;

/** The dtype of the images in a batch payload. */
public enum OutputDtype {
    FLOAT32(NpyDtype.FLOAT32), FLOAT16(NpyDtype.FLOAT16);

    private final NpyDtype npy;

    OutputDtype(NpyDtype npy) {
        this.npy = npy;
    }

    public NpyDtype npy() {
        return npy;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OutputDtype fromApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dtype must be float32 or float16, got '" + name + "'"));
    }
}
