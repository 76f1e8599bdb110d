package dev.mixup.dataset;

/** One stored file of a dataset as its manifest records it: the size and SHA-256 its copies are checked against. */
record StoredFile(long bytes, String sha256) {
}
