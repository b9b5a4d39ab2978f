package agora.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import agora.platform.contract.TerritoryCode;
import agora.platform.security.token.TokenVerifier;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Issues access tokens as DESIGN.md describes them: RS256 {@code at+jwt} signed with the
 * territory's current key, {@code iss}, {@code aud} = {@code agora:<cc>}, {@code sub}, {@code sid},
 * {@code roles}, {@code amr} (RFC 8176, as the session signed in), {@code jti},
 * {@code iat}/{@code nbf}/{@code exp}. No permissions: the authorization view answers for those, so a
 * revocation is never outlived by a token. A role that needs two-factor sign-in is listed under
 * {@code withheld_roles} instead of {@code roles} while the session signed in without a second factor.
 */
final class AccessTokens {
    private final KeyRing keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final TwoFactorConfig twoFactor;

    AccessTokens(KeyRing keys, String issuer, Duration lifetime, Clock clock, Supplier<UUID> ids,
                 TwoFactorConfig twoFactor) {
        this.keys = keys;
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        this.ids = ids;
        this.twoFactor = twoFactor;
    }

    /** A signed token for an account's session. */
    Issued issue(TerritoryCode territory, Account account, Session session) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        // A restricted session acts in no role: it only reads its own standing and appeals.
        Set<String> held = session.restricted() ? Set.of() : account.roles();
        Set<String> withheld = twoFactor.withheld(held, session.amr());
        TreeSet<String> roles = new TreeSet<>(held);
        roles.removeAll(withheld);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(TokenVerifier.audience(territory))
                .subject(account.id().toString())
                .claim("sid", session.id().toString())
                .claim("roles", List.copyOf(roles))
                .claim("amr", session.amr())
                .jwtID(ids.get().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (!withheld.isEmpty()) {
            claims.claim("withheld_roles", List.copyOf(withheld));
        }
        session.scope().ifPresent(scope -> claims.claim("scope", scope));
        return new Issued(keys.sign(territory, claims.build()), now, expires);
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
