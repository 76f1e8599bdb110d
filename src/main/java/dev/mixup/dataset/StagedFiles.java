package dev.mixup.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of one dataset being built in its staging directory. Every file is planned first, from
 * the upload's headers, so the dataset's size is known before a byte is written: beyond
 * {@code mixup.max-dataset-bytes} it is refused ({@code 413}), beyond the free space it is refused
 * ({@code 507}). While written, no file may grow past its plan, whatever the upload turns out to hold.
 * Each file is hashed once written, for the manifest that lets every copy of it be checked.
 */
final class StagedFiles implements AutoCloseable {

    private record Planned(String description, long bytes) {
    }

    private final Path directory;
    private final String datasetName;
    private final long maxBytes;
    private final DiskSpace disk;
    private final Map<String, Planned> plan = new LinkedHashMap<>();
    private final Map<String, StoredFile> written = new LinkedHashMap<>();
    private final List<PlannedOutput> outputs = new ArrayList<>();
    private long total;
    private DiskSpace.Claim claim;

    StagedFiles(Path directory, String datasetName, long maxBytes, DiskSpace disk) {
        this.directory = directory;
        this.datasetName = datasetName;
        this.maxBytes = maxBytes;
        this.disk = disk;
    }

    /**
     * Adds {@code bytes} under {@code file} to the dataset's size; fails as soon as the total exceeds
     * the limit. After {@link #claimSpace()} it claims the extra bytes from the disk as well.
     */
    void plan(String file, String description, long bytes) {
        if (plan.putIfAbsent(file, new Planned(description, bytes)) != null) {
            throw new IllegalStateException(file + " is planned twice");
        }
        total = bytes > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + bytes;
        if (total > maxBytes) {
            throw new DatasetTooLargeException("dataset '" + datasetName + "' would take " + Sizes.describe(total)
                    + " on disk (" + breakdown() + "), more than mixup.max-dataset-bytes = " + Sizes.describe(maxBytes)
                    + "; send fewer or smaller arrays, or raise the limit");
        }
        if (claim != null) {
            claim.extend(bytes);
        }
    }

    /** Claims the planned total from the disk before the first file is written. */
    void claimSpace() {
        claim = disk.claim(total, "dataset '" + datasetName + "' (" + breakdown() + ")");
    }

    long total() {
        return total;
    }

    /** A new planned file, written through a channel that is forced to disk when the stream closes. */
    OutputStream create(String file) throws IOException {
        Planned planned = plan.get(file);
        if (planned == null || claim == null) {
            throw new IllegalStateException(file + " was not planned and claimed before writing");
        }
        Files.createDirectories(directory);
        PlannedOutput output = new PlannedOutput(file, planned.bytes(),
                FileChannel.open(directory.resolve(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        outputs.add(output);
        return output;
    }

    /** The files written and closed so far, with their sizes and SHA-256 digests. */
    Map<String, StoredFile> written() {
        return Map.copyOf(written);
    }

    /** Gives back the disk space claimed, and closes what a failed import left open. */
    @Override
    public void close() {
        outputs.forEach(PlannedOutput::abandon);
        if (claim != null) {
            claim.close();
        }
    }

    private String breakdown() {
        return plan.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().description() + " = " + e.getValue().bytes())
                .collect(Collectors.joining(", "));
    }

    private final class PlannedOutput extends OutputStream {

        private final String file;
        private final long allowed;
        private final FileChannel channel;
        private long written;

        PlannedOutput(String file, long allowed, FileChannel channel) {
            this.file = file;
            this.allowed = allowed;
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > allowed - written) {
                throw new DatasetTooLargeException("dataset '" + datasetName + "': " + file + " grew past the "
                        + Sizes.describe(allowed) + " its header declares; nothing was kept");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += length;
            claim.written(length);
        }

        /** The channel of a file an import failed to finish: its stream may never have been closed. */
        void abandon() {
            try {
                channel.close();
            } catch (IOException e) {
                // the staging directory is deleted with it
            }
        }

        @Override
        public void close() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            // hashed while the disk works
            try (channel; FileSha256 sha256 = FileSha256.start(directory.resolve(file))) {
                channel.force(true);
                StagedFiles.this.written.put(file, new StoredFile(written, sha256.join()));
            }
        }
    }
}
