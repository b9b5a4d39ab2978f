package agora.platform.web.idempotency;

import java.time.Instant;

/**
 * Where first answers to {@code Idempotency-Key} requests are kept. Implementations must make
 * {@link #claim} atomic: of two concurrent requests with the same key, exactly one is
 * {@link Claim.Fresh}.
 */
public interface IdempotencyStore {

    /**
     * Claims a key for a request, or tells what became of an earlier request with it.
     *
     * @param scope       who and where (territory, caller, route): keys are only unique within it
     * @param key         the client's key
     * @param fingerprint hash of the request, to detect a key reused for a different request
     * @param now         the current time
     * @return the outcome
     */
    Claim claim(String scope, String key, String fingerprint, Instant now);

    /**
     * Stores the first answer to a claimed key.
     *
     * @param scope the scope
     * @param key   the key
     * @param reply the answer sent
     * @param now   the current time
     */
    void complete(String scope, String key, StoredReply reply, Instant now);

    /**
     * Gives a claimed key up (the request failed), so the client may retry with it.
     *
     * @param scope the scope
     * @param key   the key
     */
    void release(String scope, String key);

    /** What became of a claim. */
    sealed interface Claim {
        /** The key is new: go ahead and answer. */
        record Fresh() implements Claim {
        }

        /**
         * The key was answered before: send this answer again.
         *
         * @param reply the first answer
         */
        record Replay(StoredReply reply) implements Claim {
        }

        /** Another request with this key is still being answered. */
        record InProgress() implements Claim {
        }

        /** The key was used for a different request. */
        record Mismatch() implements Claim {
        }
    }
}
