package dev.mixup.npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The files written by {@code src/test/resources/npy/make_fixtures.py}, and what its
 * {@code expected.tsv} says the valid ones hold.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Objects.requireNonNull(Fixtures.class.getResource("/npy/" + name), "no fixture " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every array listed in expected.tsv. */
    static List<Expected> expected() {
        try {
            return Files.readAllLines(path("expected.tsv")).stream()
                    .filter(line -> !line.startsWith("#"))
                    .map(Expected::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Expected> expectedNpyFiles() {
        return expected().stream().filter(e -> e.member() == null).toList();
    }

    static List<Expected> expectedNpzMembers() {
        return expected().stream().filter(e -> e.member() != null).toList();
    }

    /** Decodes {@code data} element by element with {@link NpyDtype#getAsDouble}. */
    static double[] decode(NpyHeader header, byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(header.byteOrder());
        int itemSize = header.dtype().itemSize();
        double[] values = new double[data.length / itemSize];
        for (int i = 0; i < values.length; i++) {
            values[i] = header.dtype().getAsDouble(buffer, i * itemSize);
        }
        return values;
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** One line of expected.tsv; {@code member} is null for a .npy file. */
    record Expected(String file, String member, String dtype, ByteOrder order, boolean fortranOrder,
                    String version, long[] shape, double[] values) {

        static Expected parse(String line) {
            String[] fields = line.split("\t", -1);
            String[] source = fields[0].split(":");
            return new Expected(
                    source[0],
                    source.length > 1 ? source[1] : null,
                    fields[1],
                    fields[2].equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                    Boolean.parseBoolean(fields[3].toLowerCase()),
                    fields[4],
                    numbers(fields[5]).mapToLong(Long::parseLong).toArray(),
                    numbers(fields[6]).mapToDouble(Double::parseDouble).toArray());
        }

        private static Stream<String> numbers(String field) {
            return field.isEmpty() ? Stream.empty() : Arrays.stream(field.split(" "));
        }

        @Override
        public String toString() {
            return member == null ? file : file + ":" + member;
        }
    }
}
