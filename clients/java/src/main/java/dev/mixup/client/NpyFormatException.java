package dev.mixup.client;

import java.io.IOException;

/** A payload that is not the strict little-endian, C-order {@code .npy} the service writes. */
final class NpyFormatException extends IOException {

    NpyFormatException(String message) {
        super(message);
    }
}
