package agora.badge.api;

import java.util.List;

import agora.platform.contract.Catalog;

/** What badge declares to the platform: so far the facts it answers. */
public final class BadgeCatalog implements Catalog {
    /** The badge service's name. */
    public static final String SERVICE = "badge";

    /** For {@code ServiceLoader}. */
    public BadgeCatalog() {
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public List<Class<?>> facts() {
        return List.of(PermissionFacts.class);
    }
}
