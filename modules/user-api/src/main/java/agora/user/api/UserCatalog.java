package agora.user.api;

import java.util.List;

import agora.platform.contract.Catalog;
import agora.platform.contract.EventType;

/** What the user service declares to the platform: its events ({@link UserEvents}) and the facts it answers ({@link BlockFacts}). */
public final class UserCatalog implements Catalog {
    /** The user service's name. */
    public static final String SERVICE = UserEvents.SERVICE;
    /** {@code user.blocked}: see {@link UserEvents#BLOCKED}. */
    public static final EventType<UserEvents.Blocked> BLOCKED = UserEvents.BLOCKED;
    /** {@code user.unblocked}: see {@link UserEvents#UNBLOCKED}. */
    public static final EventType<UserEvents.Unblocked> UNBLOCKED = UserEvents.UNBLOCKED;

    /** For {@code ServiceLoader}. */
    public UserCatalog() {
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public List<EventType<?>> events() {
        return UserEvents.ALL;
    }

    @Override
    public List<Class<?>> facts() {
        return List.of(BlockFacts.class);
    }
}
