package dev.mixup.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.mixup.MixupProperties;
import dev.mixup.RetryLaterException;
import dev.mixup.TestProperties;
import dev.mixup.dataset.DataDirectory;
import dev.mixup.dataset.InsufficientStorageException;
import dev.mixup.testing.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file store: the repository contract, plus what a failing disk must not do to it. */
class FileSessionRepositoryTests extends SessionRepositoryContract {

    @TempDir
    Path root;

    Path dataDir;

    @Override
    SessionRepository openFresh() throws Exception {
        dataDir = Files.createDirectories(root.resolve("data"));
        return reopen();
    }

    @Override
    SessionRepository reopen() {
        MixupProperties properties = TestProperties.with(dataDir, "mixup.sessions.idempotency-key-ttl", IDEMPOTENCY_KEY_TTL.toMillis() + "ms");
        return new FileSessionRepository(new DataDirectory(properties), JsonMapper.builder().build(), properties);
    }

    @Test
    void keepsTodaysFormatOneJsonFilePerSession() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 3, T0.plusSeconds(1));
        String json = Files.readString(dataDir.resolve("sessions/a.json"));
        assertThat(json).contains("\"id\":\"a\"", "\"position\":3", "\"created_at\":", "\"last_used_at\":", "\"dataset_id\":\"d1\"");
    }

    @Test
    void aSaveThatCannotBeWrittenChangesNothingAndLeavesNoTemporaryFile() throws Exception {
        repository.create(session("a", "d1", T0), 10);
        repository.claim("a", 2, T0);
        Path file = dataDir.resolve("sessions/a.json");
        byte[] saved = Files.readAllBytes(file);
        // the rename onto the session's file fails once the temporary file is written
        Files.delete(file);
        Files.createDirectories(file.resolve("in-the-way"));

        assertThatThrownBy(() -> repository.claim("a", 1, T0.plusSeconds(1))).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(repository.find("a").orElseThrow().position()).isEqualTo(2);
        assertThat(temporaryFiles()).isEmpty();

        Files.delete(file.resolve("in-the-way"));
        Files.delete(file);
        Files.write(file, saved);
        assertThat(reopen().find("a").orElseThrow().position()).isEqualTo(2);
        assertThat(repository.claim("a", 1, T0)).isEqualTo(2);
    }

    @Test
    void aFullDiskIsInsufficientStorageAndTheCursorStaysWhereItWas() throws Exception {
        try (SmallDisk disk = SmallDisk.mount("session-store", 1 << 20)) {
            dataDir = Files.createDirectories(disk.directory().resolve("data"));
            repository = reopen();
            repository.create(session("a", "d1", T0), 10);
            repository.claim("a", 4, T0);
            byte[] saved = Files.readAllBytes(dataDir.resolve("sessions/a.json"));
            disk.leaveFree(0);

            assertThatThrownBy(() -> repository.claim("a", 1, T0)).isInstanceOf(InsufficientStorageException.class);
            assertThatThrownBy(() -> repository.seek("a", 9, T0)).isInstanceOf(InsufficientStorageException.class);
            assertThatThrownBy(() -> repository.create(session("b", "d1", T0), 10)).isInstanceOf(InsufficientStorageException.class);
            assertThat(repository.find("a").orElseThrow().position()).isEqualTo(4);
            assertThat(repository.find("b")).isEmpty();
            assertThat(Files.readAllBytes(dataDir.resolve("sessions/a.json"))).isEqualTo(saved);
            assertThat(temporaryFiles()).isEmpty();

            disk.roomy();
            assertThat(repository.claim("a", 1, T0)).isEqualTo(4);
            assertThat(reopen().find("a").orElseThrow().position()).isEqualTo(5);
        }
    }

    private List<Path> temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("tmp"))) {
            return files.toList();
        }
    }
}
