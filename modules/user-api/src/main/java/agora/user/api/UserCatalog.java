package agora.user.api;

import java.util.List;

import agora.platform.contract.Catalog;
import agora.platform.contract.EventType;
import agora.platform.contract.export.MemberExportContribution;

/**
 * What the user service declares to the platform: its events ({@link UserEvents}), the facts it
 * answers ({@link BlockFacts}), and its contribution to a member's export.
 */
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

    /** The user service contributes the member's profile, privacy, follows and blocks to their export. */
    @Override
    public List<Class<?>> contributions() {
        return List.of(MemberExportContribution.class);
    }
}
