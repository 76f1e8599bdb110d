package dev.mixup.npy;

/**
 * Quotes untrusted text (header contents, member names) for error messages: shortened, and with
 * everything outside printable ASCII escaped, so a hostile file can neither flood a message nor
 * smuggle control or bidirectional-override characters into it.
 */
final class Excerpt {

    private Excerpt() {
    }

    /** {@code text} in single quotes, cut after {@code maxChars} characters with "...". */
    static String quote(CharSequence text, int maxChars) {
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), maxChars);
        for (int i = 0; i < shown; i++) {
            appendEscaped(out, text.charAt(i));
        }
        if (shown < text.length()) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    static String quote(CharSequence text) {
        return quote(text, 60);
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\'', '\\' -> out.append('\\').append(c);
            default -> {
                if (c >= 0x20 && c < 0x7f) {
                    out.append(c);
                } else if (c < 0x100) {
                    out.append(String.format("\\x%02x", (int) c));
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
    }
}
