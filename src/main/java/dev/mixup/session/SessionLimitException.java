package dev.mixup.session;

/** {@code mixup.max-sessions} are open (answered {@code 429}). */
public class SessionLimitException extends RuntimeException {

    public SessionLimitException(int maxSessions) {
        super(maxSessions + " sessions are open, the most this service keeps (mixup.max-sessions);"
                + " delete sessions you no longer read, or wait for idle ones to expire");
    }
}
