package dev.mixup.session;

import dev.mixup.npy.NpyDtype;

/** One array of a batch payload: its member name, dtype, shape and little-endian C-order bytes. */
public record OutputArray(String name, NpyDtype dtype, long[] shape, byte[] data) {
}
