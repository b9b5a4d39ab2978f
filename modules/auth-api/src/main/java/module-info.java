/**
 * The auth service's contract: its events and their records, its roles and permissions, how its
 * tokens look and where their keys are published, and the facts it answers for other services
 * ({@link agora.auth.api.AccountFacts}, {@link agora.auth.api.SigningKeys},
 * {@link agora.auth.api.AccountSuspensions}).
 *
 * <p>Requires nothing but the platform's contract vocabulary, so depending on it never drags auth's
 * implementation after it.
 */
module agora.auth.api {
    requires transitive agora.platform.contract;

    exports agora.auth.api;

    provides agora.platform.contract.Catalog with agora.auth.api.AuthCatalog;
}
