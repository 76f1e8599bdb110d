package dev.mixup.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyReaderTests {

    @Test
    void readsArraysBackToBackAsNumpyWritesThem() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", floats(1.5f, -2, 3, 4, 5, 6)));
        stream.writeBytes(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 7, (byte) 255}));
        stream.writeBytes(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", longs(-5)));
        stream.writeBytes(npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", new byte[] {0, 0x3C, 0, (byte) 0xC0}));
        NpyReader reader = new NpyReader(new ByteArrayInputStream(stream.toByteArray()));

        INDArray floats = reader.read();
        assertThat(floats.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(floats.shape()).containsExactly(2, 3);
        assertThat(floats).isEqualTo(Nd4j.create(new float[] {1.5f, -2, 3, 4, 5, 6}, new long[] {2, 3}, 'c'));
        INDArray bytes = reader.read();
        assertThat(bytes.dataType()).isEqualTo(DataType.UBYTE);
        assertThat(bytes.toIntVector()).containsExactly(0, 7, 255);
        assertThat(reader.read().getLong(0)).isEqualTo(-5);
        INDArray halves = reader.read();
        assertThat(halves.dataType()).isEqualTo(DataType.HALF);
        assertThat(halves.toFloatVector()).containsExactly(1f, -2f);
        assertThatThrownBy(reader::read).isInstanceOf(EOFException.class);
    }

    @Test
    void readsWhatTheWriterWrites() throws Exception {
        INDArray original = Nd4j.rand(DataType.FLOAT, 3, 4, 2);
        INDArray view = original.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        byte[] header = NpzWriter.header(NpyDtype.FLOAT32, view.shape());
        ByteBuffer data = ByteBuffer.allocate((int) view.length() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : view.dup('c').data().asFloat()) {
            data.putFloat(value);
        }
        assertThat(header.length % 64).isZero();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(header);
        stream.writeBytes(data.array());
        assertThat(new NpyReader(new ByteArrayInputStream(stream.toByteArray())).read()).isEqualTo(view);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<U8', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
            "{'descr': '<f4', 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) }}",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } trailing",
            "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }",
            "[1, 2]"})
    void refusesHeadersItCannotTrust(String header) {
        byte[] file = npy(header, floats(1, 2));
        assertThatThrownBy(() -> new NpyReader(new ByteArrayInputStream(file)).read()).isInstanceOf(NpyFormatException.class);
    }

    @Test
    void refusesBadMagicVersionsAndHeaderLengths() {
        byte[] good = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", floats(1, 2));
        byte[] magic = good.clone();
        magic[1] = 'X';
        byte[] version = good.clone();
        version[6] = 4;
        byte[] hugeHeader = good.clone();
        hugeHeader[6] = 2;
        ByteBuffer.wrap(hugeHeader, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        byte[] noNewline = good.clone();
        noNewline[good.length - 9] = ' ';
        for (byte[] bad : new byte[][] {magic, version, hugeHeader, noNewline}) {
            assertThatThrownBy(() -> new NpyReader(new ByteArrayInputStream(bad)).read()).isInstanceOf(NpyFormatException.class);
        }
    }

    @Test
    void truncatedDataIsAnErrorNotGarbage() {
        byte[] file = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", floats(1, 2));
        assertThatThrownBy(() -> new NpyReader(new ByteArrayInputStream(file)).read())
                .isInstanceOf(EOFException.class).hasMessageContaining("8 of 16 bytes missing");
    }

    /** A version 1.0 .npy with the header padded to 64 bytes, as NumPy writes it. */
    static byte[] npy(String dictionary, byte[] data) {
        int unpadded = 10 + dictionary.length() + 1;
        String text = dictionary + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer file = ByteBuffer.allocate(10 + text.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        file.put(text.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return file.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }
}
