package dev.mixup.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The on-disk form of a session ({@code sessions/<id>.json}): enough to rebuild it exactly after a restart. */
record StoredSession(
        String id,
        SessionSpec settings,
        long position,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_used_at") Instant lastUsedAt) {
}
