package dev.mixup.web;

class DatasetInUseException extends RuntimeException {

    DatasetInUseException(String id, long sessions) {
        super("dataset " + id + " is used by " + sessions + " session(s); delete them first or pass ?force=true");
    }
}
