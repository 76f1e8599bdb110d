package dev.mixup.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mixup.paging.PageKey;

/** A session as its repository keeps it ({@code sessions/<id>.json} in the file store): enough to rebuild it exactly. */
public record StoredSession(
        String id,
        SessionSpec settings,
        long position,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_used_at") Instant lastUsedAt) {

    StoredSession claimed(int count, Instant now) {
        try {
            return new StoredSession(id, settings, Math.addExact(position, count), createdAt, now);
        } catch (ArithmeticException e) {
            throw new InvalidSessionException("the position " + position + " cannot move on by " + count);
        }
    }

    StoredSession movedTo(long step, Instant now) {
        return new StoredSession(id, settings, step, createdAt, now);
    }

    StoredSession touched(Instant now) {
        return new StoredSession(id, settings, position, createdAt, now);
    }

    PageKey pageKey() {
        return new PageKey(createdAt, id);
    }
}
