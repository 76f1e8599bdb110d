package dev.mixup.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made .npy bytes, for headers NumPy would never write. No padding unless the text has it. */
final class NpyBytes {

    private NpyBytes() {
    }

    /** Version 1.0, latin-1 header text, no data. */
    static byte[] v1(String headerText) {
        return npy(1, 0, headerText.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    }

    /** A header of any version: the length field is 2 bytes for major version 1, else 4. */
    static byte[] npy(int major, int minor, byte[] header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length);
        } else {
            length.putInt(header.length);
        }
        out.writeBytes(length.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static NpyHeader read(byte[] npy) throws IOException {
        return NpyReader.readHeader(new ByteArrayInputStream(npy));
    }
}
