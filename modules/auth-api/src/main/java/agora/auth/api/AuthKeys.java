package agora.auth.api;

/**
 * How the auth service's access tokens look and where their keys are published: the one home of
 * these values, for auth (which signs) and the platform's token verifier (which checks).
 */
public final class AuthKeys {
    /** The public path of a territory's JSON Web Key Set (RFC 7517), resolved per request territory. */
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    /** The only signing algorithm: RSASSA-PKCS1-v1_5 with SHA-256. */
    public static final String ALGORITHM = "RS256";
    /** The {@code typ} header of an access token (RFC 9068). */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /** Prefix of the audience that names a territory: {@code agora:dk}. */
    public static final String AUDIENCE_PREFIX = "agora:";
    /** The issuer ({@code iss}) tokens carry unless {@code agora.security.issuer} says otherwise. */
    public static final String DEFAULT_ISSUER = "urn:agora:auth";

    private AuthKeys() {
    }
}
