package dev.mixup.web;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.mixup.session.InvalidSessionException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says in API terms why a request body could not be read: which field, what it must be, and at most
 * {@link Problems#MAX_ECHO} characters of what was sent; never Jackson's Java type names.
 */
final class UnreadableBody {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"", Pattern.DOTALL);
    /** Jackson's limit messages end with the Java method that holds the limit. */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");

    private UnreadableBody() {
    }

    static String detail(Throwable cause) {
        if (cause == null) {
            return "the request body is missing";
        }
        InvalidSessionException invalid = find(cause, InvalidSessionException.class);
        if (invalid != null) {
            return invalid.getMessage();
        }
        UnrecognizedPropertyException unknown = find(cause, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return "unknown field " + quote(unknown.getPropertyName()) + " in " + where(unknown)
                    + " (known fields: " + known(unknown.getKnownPropertyIds()) + ")";
        }
        InvalidFormatException format = find(cause, InvalidFormatException.class);
        if (format != null) {
            return where(cause) + " must be " + kind(format.getTargetType()) + ", got " + quote(format.getValue());
        }
        InputCoercionException range = find(cause, InputCoercionException.class);
        if (range != null) {
            return where(cause) + " is out of range for " + kind(range.getTargetType());
        }
        MismatchedInputException mismatch = find(cause, MismatchedInputException.class);
        if (mismatch != null && mismatch.getOriginalMessage().startsWith("Trailing token")) {
            return "the body has more after its JSON value";
        }
        if (mismatch != null && mismatch.getTargetType() != null) {
            return where(cause) + " must be " + kind(mismatch.getTargetType());
        }
        StreamConstraintsException limit = find(cause, StreamConstraintsException.class);
        if (limit != null) {
            return "the request body exceeds a JSON limit: " + LIMIT_SOURCE.matcher(limit.getOriginalMessage()).replaceAll("");
        }
        JacksonException json = find(cause, JacksonException.class);
        if (json == null) {
            return "the request body could not be read";
        }
        if (json instanceof DatabindException) {
            return "invalid value for " + where(json);
        }
        Matcher duplicate = DUPLICATE.matcher(json.getOriginalMessage());
        if (duplicate.matches()) {
            return "field " + quote(duplicate.group(1)) + " appears twice in " + where(json);
        }
        return "the request body is not valid JSON: " + Problems.echo(json.getOriginalMessage()) + at(json.getLocation());
    }

    /** The first exception of {@code type} in the chain of {@code cause}, or null. */
    static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The field a problem is about, in the body's own names: {@code 'datagen.brightness_range[2]'}. */
    private static String where(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException json && !json.getPath().isEmpty()) {
                return quote(json.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "["));
            }
        }
        return "the body";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
            return "an integer (32-bit)";
        }
        if (type == Long.class || type == long.class) {
            return "an integer (64-bit)";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String quote(Object value) {
        return "'" + Problems.echo(value) + "'";
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
