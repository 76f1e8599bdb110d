package dev.mixup.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.mixup.npy.NpyHeader;
import dev.mixup.npy.NpyReader;

/**
 * A stored {@code .npy} file mapped read-only: the data lives in the page cache, not the heap.
 * The automatic arena unmaps it once unreachable, so deleting a dataset never races a reader.
 */
record MappedArray(NpyHeader header, MemorySegment data) {

    static MappedArray map(Path file) throws IOException {
        NpyHeader header;
        long headerBytes;
        try (InputStream in = Files.newInputStream(file)) {
            CountingInput counting = new CountingInput(in);
            header = NpyReader.readHeader(counting);
            headerBytes = counting.count();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, headerBytes, header.dataBytes(), Arena.ofAuto());
            return new MappedArray(header, data);
        }
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private long count;

        CountingInput(InputStream in) {
            this.in = in;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
