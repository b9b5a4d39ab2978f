/**
 * The auth service. This first increment owns the token-signing keys: RSA keys per territory,
 * kept in the territory's own tables with the private half encrypted under a secret from the
 * environment, rotated so a key is published well before it signs, and published as a JWKS.
 *
 * <p>Nimbus JOSE+JWT is a named module, so a service may require it (DESIGN.md keeps only
 * automatic modules to the platform). Only the entry type is exported, and only to the pod.
 */
module agora.auth {
    requires agora.auth.api;
    requires agora.platform.data;
    requires com.nimbusds.jose.jwt;

    exports agora.auth to agora.pod;

    opens agora.auth to com.fasterxml.jackson.databind;
}
