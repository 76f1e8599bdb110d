package dev.mixup.session;

import java.time.Instant;

/**
 * A session: its effective settings, its recipe and its position. The position only moves under
 * the session's lock, so concurrent {@code next} callers each get their own step.
 */
final class Session {

    private final String id;
    private final SessionSpec settings;
    private final Instant createdAt;
    private final BatchRecipe recipe;
    private long position;
    private volatile Instant lastUsedAt;

    Session(String id, SessionSpec settings, Instant createdAt, BatchRecipe recipe, long position, Instant lastUsedAt) {
        this.id = id;
        this.settings = settings;
        this.createdAt = createdAt;
        this.recipe = recipe;
        this.position = position;
        this.lastUsedAt = lastUsedAt;
    }

    String id() {
        return id;
    }

    SessionSpec settings() {
        return settings;
    }

    Instant createdAt() {
        return createdAt;
    }

    BatchRecipe recipe() {
        return recipe;
    }

    synchronized long position() {
        return position;
    }

    /** Claims {@code count} steps; returns the first. Callers persist while still holding the lock. */
    long claim(int count) {
        long first = position;
        position += count;
        return first;
    }

    /** Callers persist while still holding the lock, as for {@link #claim}. */
    void moveTo(long step) {
        position = step;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    void touch(Instant now) {
        lastUsedAt = now;
    }

    StoredSession stored() {
        return new StoredSession(id, settings, position(), createdAt, lastUsedAt);
    }
}
