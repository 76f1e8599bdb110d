package dev.mixup.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's quick-start example, as written, against a running service (curl + NumPy). */
class ReadmeExampleTests extends RunningServiceTests {

    @Test
    void quickStartExampleWorksAsWritten(@TempDir Path workDir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("<!-- readme-example:start -->\\s*```bash\\n(.*?)```\\s*<!-- readme-example:end -->",
                Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README example block").isTrue();
        Matcher promise = Pattern.compile("It prints `([^`]+)`").matcher(readme);
        assertThat(promise.find()).as("README states the expected output").isTrue();

        String script = "set -euo pipefail\n" + block.group(1).replace("http://localhost:8080", "http://localhost:" + port);
        Process bash = new ProcessBuilder("bash", "-c", script).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo(promise.group(1));
    }
}
