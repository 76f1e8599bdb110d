package dev.mixup.npy;

import java.io.IOException;
import java.io.Serial;

/**
 * A malformed or unsupported .npy or .npz file. The message is written for the person who
 * uploaded the file and is shown to them verbatim, so it says what is wrong and where.
 */
public class NpyFormatException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
