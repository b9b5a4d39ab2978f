/**
 * The badge service's contract, as far as the platform needs it before the service exists: the
 * permissions a member's badges grant, which every service's authorization view asks on a miss.
 *
 * <p>Requires nothing but the platform's contract vocabulary.
 */
module agora.badge.api {
    requires transitive agora.platform.contract;

    exports agora.badge.api;

    provides agora.platform.contract.Catalog with agora.badge.api.BadgeCatalog;
}
