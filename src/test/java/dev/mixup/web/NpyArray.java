package dev.mixup.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.mixup.npy.NpyHeader;

/** A decoded array of a test response. */
record NpyArray(NpyHeader header, byte[] data) {

    double get(long index) {
        int size = header.dtype().itemSize();
        return header.dtype().getAsDouble(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), (int) (index * size));
    }

    long[] shape() {
        return header.shape();
    }
}
