package dev.mixup.session;

public class SessionNotFoundException extends RuntimeException {

    public SessionNotFoundException(String id) {
        super("no session with id '" + id + "'");
    }
}
