package dev.mixup.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small tmpfs, for a data directory that really runs out of space. Mounting needs root; without
 * it the test is skipped, except with {@code CI=true}, where the disk-full tests must run.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it, e.g. {@code 64k}) on the existing directory {@code mountPoint}. */
    public static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString()));
        if (failure != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but a tmpfs cannot be mounted (the disk-full tests need root): " + failure);
            }
            assumeTrue(false, "a tmpfs cannot be mounted here (needs root): " + failure);
        }
        return new Tmpfs(mountPoint);
    }

    /** Fills the file system up to its last byte with {@code name}; delete it to free the space again. */
    public Path fill(String name) throws IOException {
        Path filler = mountPoint.resolve(name);
        byte[] block = new byte[1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // tmpfs hands out whole pages: once a block does not fit, no new file fits either
            return filler;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // lazily: a test's application may still hold files open in it
        run(List.of("umount", "-l", mountPoint.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            return missing.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return command + " did not finish";
        }
        return process.exitValue() == 0 ? null : output.strip();
    }
}
