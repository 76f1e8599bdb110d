package dev.mixup.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.mixup.dataset.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each session as {@code sessions/<id>.json}, replaced atomically (write to {@code tmp/},
 * rename), so a crash leaves either the old or the new state, never a torn file.
 */
@Component
class SessionStore {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private final DataDirectory directory;
    private final JsonMapper json;

    SessionStore(DataDirectory directory, JsonMapper json) {
        this.directory = directory;
        this.json = json;
    }

    void save(StoredSession session) {
        Path temporary = directory.newTemporary("session");
        try {
            json.writeValue(temporary.toFile(), session);
            Files.move(temporary, file(session.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot save session " + session.id(), e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete session " + id, e);
        }
    }

    List<StoredSession> loadAll() {
        List<StoredSession> sessions = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory.sessions())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    sessions.add(json.readValue(file.toFile(), StoredSession.class));
                } catch (JacksonException e) {
                    log.error("skipping unreadable session file {}: {}", file, e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list sessions in " + directory.sessions(), e);
        }
        return sessions;
    }

    private Path file(String id) {
        return directory.sessions().resolve(id + ".json");
    }
}
