/**
 * The user service's contract: what it publishes and answers for other services. Requires nothing
 * but the platform's contract vocabulary.
 */
module agora.user.api {
    requires transitive agora.platform.contract;

    exports agora.user.api;

    provides agora.platform.contract.Catalog with agora.user.api.UserCatalog;
}
