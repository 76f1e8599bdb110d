package dev.mixup;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@link MixupProperties} bound the way the application binds them: defaults plus what a test sets. */
public final class TestProperties {

    private TestProperties() {
    }

    /** The defaults, with {@code mixup.data-dir} at {@code dataDir} and the given {@code mixup.*} overrides. */
    public static MixupProperties with(Path dataDir, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("mixup.data-dir", dataDir.toString());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mixup", MixupProperties.class);
    }
}
