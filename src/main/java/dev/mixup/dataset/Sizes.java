package dev.mixup.dataset;

import java.util.Locale;

/** Byte counts in messages: exact, with a rounded figure in the units Spring's {@code DataSize} reads (1 KB = 1024 B). */
final class Sizes {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

    private Sizes() {
    }

    /** "1288490316 bytes (1.2 GB)"; "512 bytes" below one kilobyte. */
    static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", bytes / Math.pow(1024, unit)) + " " + UNITS[unit - 1] + ")";
    }
}
