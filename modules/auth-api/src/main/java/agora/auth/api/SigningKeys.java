package agora.auth.api;

import agora.platform.contract.TerritoryCode;

/**
 * The public halves of a territory's token-signing keys, as the auth service publishes them at
 * {@link AuthKeys#JWKS_PATH}: what a process that hosts auth hands its token verifier without a
 * round trip through HTTP.
 */
public interface SigningKeys {

    /**
     * A territory's JSON Web Key Set (RFC 7517): the current key, the next one, and retired keys
     * whose tokens may still be valid.
     *
     * @param territory the territory
     * @return the JWKS document, {@code {"keys": []}} for a territory without keys yet
     */
    String jwks(TerritoryCode territory);
}
