package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints access tokens the way the auth service will, and the wrong ways an attacker might. */
final class Tokens {
    static final String ISSUER = "https://auth.agora.test";

    private Tokens() {
    }

    /** A fresh 2048-bit RSA signing key with the given id. */
    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS of some keys, as the auth service publishes it. */
    static String jwks(JWK... keys) {
        return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
    }

    /** Valid claims for a user and session in a territory, issued now, expiring in 10 minutes. */
    static JWTClaimsSet.Builder claims(UUID user, UUID session, String territory, Instant now, String... roles) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.toString())
                .audience("agora:" + territory)
                .claim("sid", session.toString())
                .claim("roles", List.of(roles))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** The header of a correct access token signed by the key. */
    static JWSHeader.Builder header(RSAKey key) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID());
    }

    /** A correct access token. */
    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, header(key).build(), claims);
    }

    /** A token with the given header, signed (RS*) by the key. */
    static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correct token with its claims changed first. */
    static String sign(RSAKey key, UUID user, UUID session, String territory, Instant now,
                       UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, change.apply(claims(user, session, territory, now)).build());
    }
}
