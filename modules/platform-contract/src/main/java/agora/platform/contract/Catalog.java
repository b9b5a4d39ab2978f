package agora.platform.contract;

import java.util.List;

/**
 * What one service's {@code -api} module declares to the rest of the platform, found by the host
 * through {@code ServiceLoader}: {@code provides agora.platform.contract.Catalog with …} in the
 * {@code -api}'s {@code module-info.java}.
 *
 * <p>The host refuses to start when a consumer subscribes to an event type that no catalog on the
 * module path declares, or when a producer publishes one its own catalog does not: a misspelt
 * event must fail loudly, never drop events in silence. Facts are interfaces that the owning
 * service answers for other services (in-process in the pod, over the internal listener when
 * deployed apart).
 */
public interface Catalog {

    /** The service that owns what this catalog declares ({@code auth}). */
    String service();

    /** The event types the service publishes. */
    default List<EventType<?>> events() {
        return List.of();
    }

    /** The permissions the service checks (badges grant them). */
    default List<Permission> permissions() {
        return List.of();
    }

    /**
     * The interfaces through which the service answers other services' questions (account status,
     * permissions, "does A block B"). Each is an interface of the {@code -api} module whose methods
     * take and return only values JSON can carry (records, enums, strings, numbers, UUIDs, lists,
     * sets), so the host can carry a call across processes.
     */
    default List<Class<?>> facts() {
        return List.of();
    }

    /**
     * The interfaces the service answers <em>among others</em>: every service whose catalog lists one
     * provides its own implementation ({@code mount.contribute}), and a caller asks them all
     * ({@code mount.contributions}), each in-process or over its owner's internal listener. The
     * member's export ({@link agora.platform.contract.export.MemberExportContribution}) is one. The
     * methods follow the rules of {@link #facts()}.
     */
    default List<Class<?>> contributions() {
        return List.of();
    }
}
