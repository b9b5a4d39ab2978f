package agora.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import agora.platform.data.TerritoryCode;
import agora.platform.security.token.TokenVerifier;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Issues access tokens as DESIGN.md describes them: RS256 {@code at+jwt} signed with the
 * territory's current key, {@code iss}, {@code aud} = {@code agora:<cc>}, {@code sub}, {@code sid},
 * {@code roles}, {@code jti}, {@code iat}/{@code nbf}/{@code exp}. No permissions: the authorization
 * view answers for those, so a revocation is never outlived by a token.
 */
final class AccessTokens {
    private final KeyRing keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final Supplier<UUID> ids;

    AccessTokens(KeyRing keys, String issuer, Duration lifetime, Clock clock, Supplier<UUID> ids) {
        this.keys = keys;
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        this.ids = ids;
    }

    /** A signed token for an account's session. */
    Issued issue(TerritoryCode territory, Account account, UUID session) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(TokenVerifier.audience(territory))
                .subject(account.id().toString())
                .claim("sid", session.toString())
                .claim("roles", List.copyOf(new TreeSet<>(account.roles())))
                .jwtID(ids.get().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build();
        return new Issued(keys.sign(territory, claims), now, expires);
    }

    Duration lifetime() {
        return lifetime;
    }

    /**
     * A signed token.
     *
     * @param token     the compact JWS
     * @param issuedAt  its {@code iat}
     * @param expiresAt its {@code exp}
     */
    record Issued(String token, Instant issuedAt, Instant expiresAt) {
    }
}
