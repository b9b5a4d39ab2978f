package agora.auth.api;

import java.util.List;

import agora.platform.contract.Catalog;
import agora.platform.contract.EventType;
import agora.platform.contract.Permission;
import agora.platform.contract.export.MemberExportContribution;

/** What auth declares to the platform: its events, its permissions, the facts it answers. */
public final class AuthCatalog implements Catalog {

    /** For {@code ServiceLoader}. */
    public AuthCatalog() {
    }

    @Override
    public String service() {
        return AuthEvents.SERVICE;
    }

    @Override
    public List<EventType<?>> events() {
        return AuthEvents.ALL;
    }

    @Override
    public List<Permission> permissions() {
        return AuthPermissions.ALL;
    }

    @Override
    public List<Class<?>> facts() {
        return List.of(AccountFacts.class, SigningKeys.class, AccountSuspensions.class, AccountDirectory.class);
    }

    /** Auth contributes the account, sessions, invitations, suspensions and audit entries to a member's export. */
    @Override
    public List<Class<?>> contributions() {
        return List.of(MemberExportContribution.class);
    }
}
