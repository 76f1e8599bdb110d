package dev.mixup.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system (tmpfs) mounted on a directory under {@code target/}, whose free space
 * and free inodes a test sets by remounting: a disk that really fills up, with the kernel's own
 * {@code ENOSPC}. Mounting needs root; without it the test is skipped, except with {@code CI=true}
 * (CI runs as root), where it fails.
 */
public final class SmallDisk implements AutoCloseable {

    private static final long PAGE = 4096;
    private static final long INODES = 100_000;

    private final Path directory;
    private final long bytes;

    private SmallDisk(Path directory, long bytes) {
        this.directory = directory;
        this.bytes = bytes;
    }

    public static SmallDisk mount(String name, long bytes) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(Path.of("target")).resolve(name + "-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        Files.createDirectories(directory);
        Result mounted = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",nr_inodes=" + INODES, "tmpfs",
                directory.toString());
        if (mounted.exitCode() != 0) {
            Files.deleteIfExists(directory);
            String why = "cannot mount a tmpfs (needs root): " + mounted.output().strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true: the disk-full tests must run, as root. " + why);
            }
            abort(why);
        }
        return new SmallDisk(directory, bytes);
    }

    public Path directory() {
        return directory;
    }

    /** Shrinks the file system so that only {@code free} more bytes fit (rounded up to whole pages). */
    public void leaveFree(long free) throws IOException, InterruptedException {
        remount("size=" + (usedBytes() + (free + PAGE - 1) / PAGE * PAGE));
    }

    /** Lets only {@code free} more files or directories be created, whatever the free space. */
    public void leaveInodes(long free) throws IOException, InterruptedException {
        remount("nr_inodes=" + (usedInodes() + free));
    }

    /** Space is freed: the original size and plenty of inodes again. */
    public void roomy() throws IOException, InterruptedException {
        remount("size=" + bytes + ",nr_inodes=" + INODES);
    }

    public long usedBytes() throws IOException, InterruptedException {
        String[] blocks = statfs("%b %f %S");
        return (Long.parseLong(blocks[0]) - Long.parseLong(blocks[1])) * Long.parseLong(blocks[2]);
    }

    private long usedInodes() throws IOException, InterruptedException {
        String[] inodes = statfs("%c %d");
        return Long.parseLong(inodes[0]) - Long.parseLong(inodes[1]);
    }

    private String[] statfs(String format) throws IOException, InterruptedException {
        Result result = run("stat", "-f", "-c", format, directory.toString());
        if (result.exitCode() != 0) {
            throw new IOException("stat -f failed: " + result.output());
        }
        return result.output().strip().split(" ");
    }

    private void remount(String options) throws IOException, InterruptedException {
        Result result = run("mount", "-o", "remount," + options, directory.toString());
        if (result.exitCode() != 0) {
            throw new IOException("remount " + options + " failed: " + result.output());
        }
    }

    /** Detaches at once; the kernel frees it when the last memory map of a dataset on it is gone. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", directory.toString());
        Files.deleteIfExists(directory);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("did not finish: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }
}
