package dev.mixup.session;

/** A dataset cannot be deleted while sessions read it (answered {@code 409}). */
public class DatasetInUseException extends RuntimeException {

    DatasetInUseException(String id, long sessions) {
        super("dataset " + id + " is used by " + sessions + " session(s); delete them first or pass ?force=true");
    }
}
