/**
 * The auth service's contract for other modules: where the signing keys are published and what an
 * access token's header and audience look like. Constants only; it needs nothing but java.base.
 */
module agora.auth.api {
    exports agora.auth.api;
}
