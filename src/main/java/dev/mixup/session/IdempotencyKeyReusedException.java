package dev.mixup.session;

/** An {@link IdempotencyKey} sent again with another number of batches (answered {@code 422}): it names another call. */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(String sessionId, IdempotencyKey key, long claimed, int count) {
        super("Idempotency-Key '" + key.value() + "' already claimed " + claimed + " batch(es) of session " + sessionId
                + "; this call asks for " + count + ": use a new key for a new call");
    }
}
