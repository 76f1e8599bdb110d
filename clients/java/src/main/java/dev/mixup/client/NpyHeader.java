package dev.mixup.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary of a {@code .npy} header, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }},
 * parsed strictly: exactly these three keys, a dtype the client knows, C order, and a shape whose data fits
 * one buffer. Nothing is allocated before all of it is checked.
 */
record NpyHeader(NpyDtype dtype, long[] shape) {

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    long elements() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    long dataBytes() {
        return elements() * dtype.itemSize();
    }

    static NpyHeader parse(String text) throws NpyFormatException {
        Map<String, Object> entries = new Parser(text).dictionary();
        if (!entries.keySet().equals(KEYS)) {
            throw new NpyFormatException("a .npy header has exactly the keys " + KEYS + ", got " + entries.keySet());
        }
        if (!(entries.get("descr") instanceof String descr)) {
            throw new NpyFormatException("descr must be a string, got " + entries.get("descr"));
        }
        NpyDtype dtype = NpyDtype.ofDescr(descr).orElseThrow(() -> new NpyFormatException(
                "unsupported dtype '" + descr + "' (little-endian numbers only: |u1 |i1 <u2 <i2 <i4 <i8 <f2 <f4 <f8)"));
        if (!Boolean.FALSE.equals(entries.get("fortran_order"))) {
            throw new NpyFormatException("only C-order arrays are read, got fortran_order " + entries.get("fortran_order"));
        }
        if (!(entries.get("shape") instanceof long[] shape)) {
            throw new NpyFormatException("shape must be a tuple of integers, got " + entries.get("shape"));
        }
        if (shape.length == 0) {
            throw new NpyFormatException("a batch array has at least one dimension, got shape ()");
        }
        long elements = 1;
        for (long dimension : shape) {
            if (dimension > 0 && elements > Integer.MAX_VALUE / dimension) {
                throw new NpyFormatException("shape " + java.util.Arrays.toString(shape) + " is too large for one array");
            }
            elements *= dimension;
        }
        if (elements * dtype.itemSize() > Integer.MAX_VALUE) {
            throw new NpyFormatException("shape " + java.util.Arrays.toString(shape) + " of " + descr + " exceeds 2 GiB");
        }
        return new NpyHeader(dtype, shape);
    }

    /** A recursive-descent reader of the Python literal subset NumPy writes. */
    private static final class Parser {

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> dictionary() throws NpyFormatException {
            expect('{');
            Map<String, Object> entries = new LinkedHashMap<>();
            while (!peek('}')) {
                Object key = value();
                if (!(key instanceof String name)) {
                    throw error("dictionary keys are strings");
                }
                expect(':');
                if (entries.put(name, value()) != null) {
                    throw error("duplicate key '" + name + "'");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpaces();
            if (at != text.length()) {
                throw error("unexpected text after the dictionary");
            }
            return entries;
        }

        private Object value() throws NpyFormatException {
            skipSpaces();
            if (at >= text.length()) {
                throw error("value expected");
            }
            char c = text.charAt(at);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, at + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String value = text.substring(at + 1, end);
                at = end + 1;
                return value;
            }
            if (c == '(') {
                return tuple();
            }
            for (String word : List.of("True", "False")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return Boolean.valueOf(word);
                }
            }
            throw error("string, tuple, True or False expected");
        }

        private long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> items = new ArrayList<>();
            while (!peek(')')) {
                items.add(integer());
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return items.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() throws NpyFormatException {
            skipSpaces();
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 18) {
                at++;
            }
            if (at == start || (at < text.length() && Character.isDigit(text.charAt(at)))) {
                throw error("a non-negative integer of at most 18 digits expected");
            }
            return Long.parseLong(text, start, at, 10);
        }

        private boolean peek(char c) {
            skipSpaces();
            return at < text.length() && text.charAt(at) == c;
        }

        private void expect(char c) throws NpyFormatException {
            if (!peek(c)) {
                throw error("'" + c + "' expected");
            }
            at++;
        }

        private void skipSpaces() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\n')) {
                at++;
            }
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException("bad .npy header at character " + at + ": " + what + " in " + text.strip());
        }
    }
}
