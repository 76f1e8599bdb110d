package dev.mixup.npy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the text of a .npy header: a Python dict literal with exactly the keys
 * {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'}, ended by a newline.
 *
 * <p>This is a recognizer for the small subset of Python that NumPy writes, never an evaluator:
 * keys in any order, single or double quotes, any whitespace between tokens, a trailing comma,
 * {@code True}/{@code False}, and a tuple of non-negative decimal integers. String escapes,
 * comments, other literal types and NumPy's Python 2 {@code 5L} compatibility are rejected.
 */
final class HeaderParser {

    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");
    private static final int END = -1;

    private final String text;
    private int pos;

    private HeaderParser(String text) {
        this.text = text;
    }

    static NpyHeader parse(String text) throws NpyFormatException {
        return new HeaderParser(text).header();
    }

    private NpyHeader header() throws NpyFormatException {
        if (!text.endsWith("\n")) {
            throw invalid("it does not end with a newline");
        }
        Descr descr = null;
        boolean fortranOrder = false;
        long[] shape = null;
        Set<String> seen = new HashSet<>();

        skipWhitespace();
        expect('{');
        skipWhitespace();
        while (peek() != '}') {
            String key = string();
            if (!KEYS.contains(key)) {
                throw invalid("unexpected key " + Excerpt.quote(key) + "; a header has exactly the keys " + KEYS);
            }
            if (!seen.add(key)) {
                throw invalid("the key '" + key + "' appears twice");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            switch (key) {
                case "descr" -> descr = descr();
                case "fortran_order" -> fortranOrder = bool();
                default -> shape = shape();
            }
            skipWhitespace();
            if (peek() != '}') {
                expect(',');
                skipWhitespace();
            }
        }
        pos++;
        skipWhitespace();
        if (pos < text.length()) {
            throw syntaxError("only spaces after '}'");
        }
        for (String key : KEYS) {
            if (!seen.contains(key)) {
                throw invalid("the key '" + key + "' is missing");
            }
        }
        try {
            return new NpyHeader(descr.dtype(), descr.order(), fortranOrder, shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("invalid .npy header: " + e.getMessage());
        }
    }

    private Descr descr() throws NpyFormatException {
        if (peek() == '[') {
            throw Descr.structured();
        }
        return Descr.parse(string());
    }

    private boolean bool() throws NpyFormatException {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "True" -> true;
            case "False" -> false;
            default -> {
                pos = start;
                throw syntaxError("True or False for 'fortran_order'");
            }
        };
    }

    private long[] shape() throws NpyFormatException {
        if (peek() == '[') {
            throw invalid("'shape' is a list; it must be a tuple such as (2, 3)");
        }
        expect('(');
        skipWhitespace();
        List<Long> dimensions = new ArrayList<>();
        boolean sawComma = false;
        while (peek() != ')') {
            dimensions.add(dimension());
            skipWhitespace();
            sawComma = peek() == ',';
            if (sawComma) {
                pos++;
                skipWhitespace();
            } else if (peek() != ')') {
                throw syntaxError("',' or ')' in 'shape'");
            }
        }
        if (dimensions.size() == 1 && !sawComma) {
            // In Python "(5)" is the integer 5: NumPy itself rejects it
            throw invalid("'shape' is (" + dimensions.getFirst() + "), which Python reads as an integer;"
                    + " a one-dimensional shape is written (" + dimensions.getFirst() + ",)");
        }
        pos++;
        return dimensions.stream().mapToLong(Long::longValue).toArray();
    }

    private long dimension() throws NpyFormatException {
        if (peek() == '-') {
            throw invalid("'shape' has a negative dimension");
        }
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty()) {
            throw syntaxError("a non-negative integer in 'shape'");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw invalid("'shape' has the dimension " + Excerpt.quote(digits)
                    + ", which has a leading zero and is not a Python integer");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw invalid("'shape' has the dimension " + Excerpt.quote(digits) + ", which does not fit in 64 bits");
        }
    }

    /** A quoted string without escapes: no key or descr NumPy writes needs them. */
    private String string() throws NpyFormatException {
        int quote = peek();
        if (quote != '\'' && quote != '"') {
            throw syntaxError("a quoted string");
        }
        int start = ++pos;
        // Cannot run off the end: the text ends with '\n', which no string may contain.
        while (text.charAt(pos) != quote) {
            char c = text.charAt(pos);
            if (c == '\\' || c == '\n' || c == '\r') {
                throw syntaxError("a string without escapes or line breaks");
            }
            pos++;
        }
        return text.substring(start, pos++);
    }

    private void expect(char c) throws NpyFormatException {
        if (peek() != c) {
            throw syntaxError("'" + c + "'");
        }
        pos++;
    }

    /** Python's whitespace between tokens inside brackets. */
    private void skipWhitespace() {
        while (pos < text.length() && " \t\n\r\f".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : END;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private NpyFormatException syntaxError(String expected) {
        String found = pos < text.length() ? Excerpt.quote(text.substring(pos), 10) : "the end";
        return invalid("expected " + expected + " at character " + pos + " but found " + found);
    }

    private NpyFormatException invalid(String problem) {
        return new NpyFormatException("invalid .npy header " + Excerpt.quote(text, 160) + ": " + problem);
    }
}
