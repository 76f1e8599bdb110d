package dev.mixup.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Which {@code .npz} members hold the images and the labels, and how many classes integer labels have.
 * The defaults are the service's: images in {@code x}, labels in {@code y}, classes = largest label + 1.
 */
public final class UploadOptions {

    private String x;
    private final List<String> labels = new ArrayList<>();
    private Integer numClasses;

    private UploadOptions() {
    }

    public static UploadOptions defaults() {
        return new UploadOptions();
    }

    /** The member holding the images. */
    public UploadOptions x(String member) {
        this.x = member;
        return this;
    }

    /** The label members, in order: several for multi-task datasets. */
    public UploadOptions labels(String... members) {
        labels.clear();
        labels.addAll(List.of(members));
        return this;
    }

    /** Classes of integer class-id labels, which are one-hot encoded. */
    public UploadOptions numClasses(int classes) {
        this.numClasses = classes;
        return this;
    }

    /** The query string of the upload, after {@code name=}. */
    String query() {
        StringBuilder query = new StringBuilder();
        if (x != null) {
            query.append("&x=").append(Query.encode(x));
        }
        if (!labels.isEmpty()) {
            query.append("&y=").append(Query.encode(String.join(",", labels)));
        }
        if (numClasses != null) {
            query.append("&num_classes=").append(numClasses);
        }
        return query.toString();
    }
}
