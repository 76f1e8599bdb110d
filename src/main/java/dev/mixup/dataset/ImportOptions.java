package dev.mixup.dataset;

import java.util.List;
import java.util.Set;

/**
 * How to read an uploaded {@code .npz}: which member holds the images ({@code ?x=}), which hold
 * labels ({@code ?y=}, order kept) and how many classes integer labels have ({@code ?num_classes=}).
 */
public record ImportOptions(String imageMember, List<String> labelMembers, Integer numClasses) {

    /** Batch payloads name members x, the labels, and the provenance arrays, so those names must stay free. */
    private static final Set<String> RESERVED = Set.of("x", "lam", "index1", "index2", "cut", "box");

    public ImportOptions {
        if (imageMember == null || imageMember.isBlank()) {
            throw new InvalidDatasetException("x must name the member that holds the images");
        }
        labelMembers = List.copyOf(labelMembers);
        if (labelMembers.isEmpty()) {
            throw new InvalidDatasetException("y must name at least one label member");
        }
        if (Set.copyOf(labelMembers).size() != labelMembers.size()) {
            throw new InvalidDatasetException("y names a member twice: " + labelMembers);
        }
        for (String label : labelMembers) {
            if (label.equals(imageMember)) {
                throw new InvalidDatasetException("member '" + label + "' cannot be both the images (x) and a label (y)");
            }
            if (RESERVED.contains(label)) {
                throw new InvalidDatasetException("label member '" + label + "' would clash with a batch member of the same name;"
                        + " rename it in the .npz (reserved: " + RESERVED + ")");
            }
        }
        if (numClasses != null && (numClasses < 1 || numClasses > MAX_CLASSES)) {
            throw new InvalidDatasetException("num_classes must be in [1, " + MAX_CLASSES + "], got " + numClasses);
        }
    }

    /** One-hot rows wider than this are almost certainly a mistake (and would multiply the label storage). */
    public static final int MAX_CLASSES = 100_000;

    public static ImportOptions defaults() {
        return new ImportOptions("x", List.of("y"), null);
    }
}
