package dev.mixup.npy;

import java.nio.ByteOrder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code descr} of a .npy header, such as {@code '<f4'}: a byte-order character, a kind and
 * an item size. Only the forms NumPy writes for our dtypes are accepted; everything else gets a
 * message naming what it is (a pickle, strings, complex numbers...) and what is accepted.
 */
record Descr(NpyDtype dtype, ByteOrder order) {

    /** Order, kind, size and the unit suffix of datetime types ({@code '<M8[ns]'}). */
    private static final Pattern FORM = Pattern.compile("([<>|=])([A-Za-z])(\\d{1,4})?(\\[\\w+])?");

    static Descr parse(String descr) throws NpyFormatException {
        Matcher form = FORM.matcher(descr);
        if (!form.matches()) {
            throw unsupported(Excerpt.quote(descr) + " is not a NumPy dtype descr");
        }
        char orderChar = form.group(1).charAt(0);
        char kind = form.group(2).charAt(0);
        int itemSize = form.group(3) == null ? 0 : Integer.parseInt(form.group(3));
        String quoted = Excerpt.quote(descr);
        NpyDtype dtype = switch (kind) {
            case 'O' -> throw unsupported(quoted + " holds Python objects, stored as a pickle, and pickles are never accepted");
            case 'V' -> throw unsupported(quoted + " is a void (raw bytes) dtype");
            case 'S', 'a' -> throw unsupported(quoted + " holds byte strings");
            case 'U' -> throw unsupported(quoted + " holds unicode strings");
            case 'c' -> throw unsupported(quoted + " holds complex numbers");
            case 'M' -> throw unsupported(quoted + " holds datetime64 values");
            case 'm' -> throw unsupported(quoted + " holds timedelta64 values");
            default -> NpyDtype.of(kind, itemSize).filter(t -> form.group(4) == null)
                    .orElseThrow(() -> unsupported(quoted + " is not a supported dtype"));
        };
        return new Descr(dtype, byteOrder(orderChar, dtype, quoted));
    }

    /** For a descr that is a list of fields rather than a string. */
    static NpyFormatException structured() {
        return unsupported("structured (record) arrays with named fields are not supported");
    }

    /**
     * '=' (native order) is rejected rather than read as this machine's order: NumPy never
     * writes it, and a file whose meaning depends on the reader's CPU is not one to trust.
     */
    private static ByteOrder byteOrder(char orderChar, NpyDtype dtype, String quoted) throws NpyFormatException {
        if (dtype.itemSize() == 1) {
            return ByteOrder.LITTLE_ENDIAN; // any order character means the same for single bytes
        }
        return switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw unsupported(quoted + " does not say its byte order; multi-byte dtypes need"
                    + " '<' (little-endian) or '>' (big-endian)");
        };
    }

    private static NpyFormatException unsupported(String reason) {
        return new NpyFormatException("unsupported dtype: " + reason + "; supported dtypes are "
                + NpyDtype.supportedNames());
    }
}
