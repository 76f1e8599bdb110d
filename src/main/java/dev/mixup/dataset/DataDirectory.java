package dev.mixup.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import dev.mixup.MixupProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The layout of {@code mixup.data-dir}: {@code datasets/<id>/}, {@code sessions/<id>.json},
 * {@code cache/<id>/} (copies of datasets kept in an object store) and {@code tmp/}. Anything in {@code tmp/} belongs to a request that was cut short (the process
 * died mid-upload), so it is cleared at start-up.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;

    public DataDirectory(MixupProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(datasets());
            Files.createDirectories(sessions());
            deleteRecursively(tmp());
            Files.createDirectories(tmp());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path datasets() {
        return root.resolve("datasets");
    }

    public Path sessions() {
        return root.resolve("sessions");
    }

    public Path cache() {
        return root.resolve("cache");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    /** A fresh path under {@code tmp/} (not created). */
    public Path newTemporary(String prefix) {
        return tmp().resolve(prefix + "-" + UUID.randomUUID());
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Removes what is left of a temporary file or directory; a failure is only logged. */
    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException e) {
            log.warn("could not remove temporary {}: {}", path, e.getMessage());
        }
    }
}
