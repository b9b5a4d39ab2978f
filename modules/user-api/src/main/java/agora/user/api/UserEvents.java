package agora.user.api;

import java.util.List;
import java.util.UUID;

import agora.platform.contract.EventType;

/**
 * The events the user service publishes (subjects {@code agora.<cc>.user.<name>}), with ids only:
 * who blocks whom is all the forum and chat need to honour a block, and nothing else leaves.
 */
public final class UserEvents {
    /** The producing service. */
    public static final String SERVICE = "user";

    /** {@code user.blocked}. */
    public static final EventType<Blocked> BLOCKED = new EventType<>(SERVICE, "blocked", Blocked.class);
    /** {@code user.unblocked}. */
    public static final EventType<Unblocked> UNBLOCKED = new EventType<>(SERVICE, "unblocked", Unblocked.class);
    /** Every event the user service publishes. */
    public static final List<EventType<?>> ALL = List.of(BLOCKED, UNBLOCKED);

    private UserEvents() {
    }

    /**
     * A member blocked another: follows and follow requests between them are gone, neither sees the
     * other on any read path, and neither can follow the other until the block is lifted.
     *
     * @param blockerId the member who blocked
     * @param blockedId the member blocked
     */
    public record Blocked(UUID blockerId, UUID blockedId) {
    }

    /**
     * A member lifted a block. Follows it removed stay removed.
     *
     * @param blockerId the member who had blocked
     * @param blockedId the member no longer blocked
     */
    public record Unblocked(UUID blockerId, UUID blockedId) {
    }
}
