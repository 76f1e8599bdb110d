package dev.mixup.client;

import java.util.Arrays;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;

/** The {@code .npy} dtypes the client reads and writes, each with its ND4J type. */
enum NpyDtype {
    UINT8("|u1", DataType.UBYTE),
    INT8("|i1", DataType.BYTE),
    UINT16("<u2", DataType.UINT16),
    INT16("<i2", DataType.SHORT),
    INT32("<i4", DataType.INT),
    INT64("<i8", DataType.LONG),
    FLOAT16("<f2", DataType.HALF),
    FLOAT32("<f4", DataType.FLOAT),
    FLOAT64("<f8", DataType.DOUBLE);

    private final String descr;
    private final DataType nd4j;

    NpyDtype(String descr, DataType nd4j) {
        this.descr = descr;
        this.nd4j = nd4j;
    }

    String descr() {
        return descr;
    }

    DataType nd4j() {
        return nd4j;
    }

    int itemSize() {
        return nd4j.width();
    }

    /** Exactly as NumPy writes it on a little-endian machine; anything else (big-endian, objects, ...) is empty. */
    static Optional<NpyDtype> ofDescr(String descr) {
        return Arrays.stream(values()).filter(type -> type.descr.equals(descr)).findFirst();
    }

    static Optional<NpyDtype> ofNd4j(DataType type) {
        return Arrays.stream(values()).filter(dtype -> dtype.nd4j == type).findFirst();
    }
}
