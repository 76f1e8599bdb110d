package dev.mixup.dataset;

import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/** A file system whose size and free space the test sets; it reports nothing else. */
final class FakeFileStore extends FileStore {

    private final long total;
    private long usable;

    FakeFileStore(long total, long usable) {
        this.total = total;
        this.usable = usable;
    }

    void usable(long bytes) {
        usable = bytes;
    }

    @Override
    public long getTotalSpace() {
        return total;
    }

    @Override
    public long getUsableSpace() {
        return usable;
    }

    @Override
    public long getUnallocatedSpace() {
        return usable;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return false;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return false;
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) {
        throw new UnsupportedOperationException(attribute);
    }
}
