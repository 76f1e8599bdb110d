package dev.mixup.client;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles the README's "Use it from Java" class as written and runs it against the service. */
class ReadmeJavaTests {

    @Test
    void theReadmeExampleWorksAsWritten(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        Matcher block = Pattern.compile("<!-- readme-java:start -->\\s*```java\\n(.*?)```\\s*<!-- readme-java:end -->",
                Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README Java example").isTrue();
        Matcher promise = Pattern.compile("It prints `([^`]+)` and `([^`]+)`\\.").matcher(readme.substring(block.end()));
        assertThat(promise.find()).as("README states what the example prints").isTrue();

        Path toy = dir.resolve("toy.npz");
        try (OutputStream out = Files.newOutputStream(toy)) {
            NpzWriter.write(Map.of("x", TestData.images(256, 32, 32, 3), "y", TestData.classIds(256, 10)), out);
        }
        String source = block.group(1)
                .replace("\"http://localhost:8080\"", "\"" + RunningService.shared().uri() + "\"")
                .replace("System.getenv(\"MIXUP_API_KEY\")", "\"" + RunningService.API_KEY + "\"")
                .replace("Path.of(\"toy.npz\")", "Path.of(\"" + toy + "\")");
        Path file = dir.resolve("Toy.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("mixup.client.classpath"),
                "-d", dir.toString(), file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Toy").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(promise.group(1), promise.group(2));
    }
}
