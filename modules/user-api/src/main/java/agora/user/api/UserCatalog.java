package agora.user.api;

import java.util.List;

import agora.platform.contract.Catalog;
import agora.platform.contract.export.MemberExportContribution;

/** What the user service declares to the platform: its name, and its contribution to a member's export. */
public final class UserCatalog implements Catalog {
    /** The user service's name. */
    public static final String SERVICE = "user";

    /** For {@code ServiceLoader}. */
    public UserCatalog() {
    }

    @Override
    public String service() {
        return SERVICE;
    }

    /** The user service contributes the member's profile data to their export. */
    @Override
    public List<Class<?>> contributions() {
        return List.of(MemberExportContribution.class);
    }
}
