package agora.user.api;

import agora.platform.contract.Catalog;

/** What the user service declares to the platform: nothing yet beyond its name (profiles come next). */
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
}
