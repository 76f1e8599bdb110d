package dev.mixup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs python3 with NumPy, the reference implementation the tests check against. Where it is
 * not installed, the tests that need it are skipped rather than failed.
 */
public final class Python {

    private static Boolean numpyAvailable;

    private Python() {
    }

    /** Runs {@code python3 -c script args...}, asserts it succeeds, and returns its output. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Result result = exec(script, args);
        assertThat(result.exitCode()).as("python3 failed:%n%s", result.output()).isZero();
        return result.output();
    }

    /**
     * Skips the calling test where python3 cannot run {@code script} (a probe such as an import of
     * a module the test needs), except with {@code CI=true}: there the test must run, so it fails.
     *
     * @param what what the probe needs, for the message (how to install it)
     */
    public static void assumeRunsOrInCi(String what, String script, String... args) throws InterruptedException {
        Result probe;
        try {
            probe = exec(script, args);
        } catch (IOException e) {
            probe = new Result(-1, e.getMessage());
        }
        if (probe.exitCode() == 0) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true, so this test must run, but python3 lacks " + what + ":\n" + probe.output());
        }
        assumeTrue(false, "python3 lacks " + what);
    }

    private static synchronized boolean numpyAvailable() throws InterruptedException {
        if (numpyAvailable == null) {
            try {
                numpyAvailable = exec("import numpy").exitCode() == 0;
            } catch (IOException e) {
                numpyAvailable = false;
            }
        }
        return numpyAvailable;
    }

    private static Result exec(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("python3 did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
