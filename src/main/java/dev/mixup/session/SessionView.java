package dev.mixup.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A session as the API shows it: its effective settings plus where it stands. */
public record SessionView(
        String id,
        @JsonUnwrapped SessionSpec settings,
        long samples,
        @JsonProperty("steps_per_epoch") long stepsPerEpoch,
        Position position,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_used_at") Instant lastUsedAt) {

    /** The next step {@code next} will serve, and its epoch. */
    public record Position(long step, long epoch) {
    }
}
