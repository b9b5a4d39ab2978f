/**
 * The auth service's contract for other modules: where the signing keys are published, what an
 * access token's header and audience look like, the roles and permissions auth knows, and the
 * records of its events. Constants and records only; it needs nothing but java.base.
 */
module agora.auth.api {
    exports agora.auth.api;
}
