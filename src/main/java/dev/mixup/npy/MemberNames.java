package dev.mixup.npy;

import java.util.Optional;

/**
 * How arrays are named inside a .npz: member {@code NAME.npy} holds array {@code NAME}, and
 * {@code NAME} is flat. Callers use array names for files and keys, so a name that could climb
 * out of a directory or hide characters in a message is refused on the way in and on the way out.
 */
final class MemberNames {

    static final String SUFFIX = ".npy";

    private MemberNames() {
    }

    /** The array name of a zip entry of a .npz being read. */
    static String arrayName(String entryName) throws NpyFormatException {
        String quoted = "member " + Excerpt.quote(entryName);
        if (!entryName.endsWith(SUFFIX)) {
            throw new NpyFormatException(quoted + " is not a .npy file; every member of a .npz must be named NAME.npy");
        }
        String arrayName = entryName.substring(0, entryName.length() - SUFFIX.length());
        Optional<String> problem = problem(arrayName);
        if (problem.isPresent()) {
            throw new NpyFormatException(quoted + " " + problem.get());
        }
        return arrayName;
    }

    /** The zip entry name for an array of a .npz being written. */
    static String entryName(String arrayName) {
        problem(arrayName).ifPresent(problem -> {
            throw new IllegalArgumentException("array name " + Excerpt.quote(arrayName) + " " + problem);
        });
        return arrayName + SUFFIX;
    }

    private static Optional<String> problem(String arrayName) {
        if (arrayName.isEmpty()) {
            return Optional.of("has an empty array name");
        }
        if (arrayName.contains("/") || arrayName.contains("\\")) {
            return Optional.of("is inside a directory; array names must be flat");
        }
        if (arrayName.equals(".") || arrayName.equals("..")) {
            return Optional.of("is not a usable array name");
        }
        if (arrayName.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("has control characters in its name");
        }
        return Optional.empty();
    }
}
