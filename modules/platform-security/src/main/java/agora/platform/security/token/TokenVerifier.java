package agora.platform.security.token;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import agora.auth.api.AuthKeys;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.security.Principal;
import agora.platform.security.SecurityConfig;
import agora.platform.security.SecurityMessages;
import agora.platform.security.SecurityProblems;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Turns an access token into a {@link Principal} for a request's territory, or refuses it with a
 * 401 problem.
 *
 * <p>The rules, in order: a JWS in compact form of at most {@value #MAX_TOKEN_LENGTH} characters;
 * {@code alg} exactly RS256 (pinned, so {@code none}, HS256 keyed with the public key and every
 * other algorithm are refused before any key is looked at); {@code typ} {@code at+jwt} ({@link AuthKeys#ACCESS_TOKEN_TYPE})
 * (RFC 9068); no {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} or {@code crit} header (a token
 * must not say where its own key comes from); a {@code kid} the {@link PublicKeys} hold (after at
 * most one rate-limited reload); a valid signature; {@code iss} the configured issuer; {@code sub}
 * and {@code sid} UUIDs; {@code roles}, {@code amr} (RFC 8176) and {@code withheld_roles} arrays of
 * strings (absent means none); {@code scope} (RFC 9068) a string of space-separated names (absent
 * means full access; {@code appeal} marks a restricted session); {@code exp} present. Then, at every request (also for a remembered token): {@code exp}, {@code nbf} and
 * {@code iat} against the injected clock with the configured skew, and {@code aud} containing
 * {@code agora:<cc>} for the request's territory.
 */
public final class TokenVerifier {
    /** Longest token accepted; ours are well under 2 KB, and longer input is not worth hashing or parsing. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** Header parameters that would let a token choose its own verification key. */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final JOSEObjectType TYPE = new JOSEObjectType(AuthKeys.ACCESS_TOKEN_TYPE);
    private static final JOSEObjectType MEDIA_TYPE = new JOSEObjectType("application/" + AuthKeys.ACCESS_TOKEN_TYPE);

    private final String issuer;
    private final PublicKeys keys;
    private final Clock clock;
    private final Duration clockSkew;
    private final VerifiedTokens verified;

    /**
     * A verifier.
     *
     * @param issuer    the {@code iss} tokens must carry
     * @param keys      the signing keys
     * @param clock     the clock that judges {@code exp}, {@code nbf} and {@code iat}
     * @param clockSkew tolerance for those checks
     * @param cacheSize how many verified tokens to remember
     */
    public TokenVerifier(String issuer, PublicKeys keys, Clock clock, Duration clockSkew, int cacheSize) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.verified = new VerifiedTokens(cacheSize, clock);
    }

    /**
     * A verifier as configured.
     *
     * @param config the security configuration (issuer, clock skew, cache size)
     * @param keys   the signing keys
     * @param clock  the clock
     * @return the verifier
     */
    public static TokenVerifier create(SecurityConfig config, PublicKeys keys, Clock clock) {
        return new TokenVerifier(config.issuer(), keys, clock, config.clockSkew(), config.tokenCacheSize());
    }

    /**
     * The audience naming a territory.
     *
     * @param territory the territory
     * @return {@code agora:<lower-case code>}
     */
    public static String audience(TerritoryCode territory) {
        return AuthKeys.AUDIENCE_PREFIX + territory.value().toLowerCase(Locale.ROOT);
    }

    /**
     * Verifies a token for a request of the given territory.
     *
     * @param token     the compact JWS from the {@code Authorization} header
     * @param territory the request's territory
     * @return who the token speaks for
     * @throws ProblemException 401 {@code invalid-token}, {@code token-expired},
     *                          {@code token-not-yet-valid} or {@code wrong-territory};
     *                          503 when no signing key could be loaded at all
     */
    public Principal verify(String token, TerritoryCode territory) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid("token.malformed");
        }
        String key = VerifiedTokens.key(token);
        // A remembered token passed the shape check when it was first verified: the regular
        // expression (~14 µs for a 760-character token) runs only on a miss.
        VerifiedToken checked = verified.get(key).orElseGet(() -> {
            if (!COMPACT_JWS.matcher(token).matches()) {
                throw invalid("token.malformed");
            }
            VerifiedToken fresh = verifySignedToken(token);
            verified.put(key, fresh);
            return fresh;
        });
        return admit(checked, territory);
    }

    private VerifiedToken verifySignedToken(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw invalid("token.malformed");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw invalid("token.algorithm");
        }
        if (!TYPE.equals(header.getType()) && !MEDIA_TYPE.equals(header.getType())) {
            throw invalid("token.type");
        }
        if (header.getIncludedParams().stream().anyMatch(FORBIDDEN_HEADERS::contains)) {
            throw invalid("token.header-forbidden");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw invalid("token.kid-missing");
        }
        RSAPublicKey key = keys.find(kid)
                .or(() -> keys.refresh() ? keys.find(kid) : Optional.empty())
                .orElseThrow(() -> invalid("token.kid-unknown"));
        if (!signatureValid(jwt, key)) {
            throw invalid("token.signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("token.malformed");
        }
        return read(claims);
    }

    private static boolean signatureValid(SignedJWT jwt, RSAPublicKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private VerifiedToken read(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("token.issuer");
        }
        Date expiresAt = claims.getExpirationTime();
        if (expiresAt == null) {
            throw claim("exp");
        }
        UUID user = uuid(claims.getSubject()).orElseThrow(() -> claim("sub"));
        UUID session = uuid(stringClaim(claims, "sid")).orElseThrow(() -> claim("sid"));
        return new VerifiedToken(user, session, strings(claims, "roles"), Set.copyOf(claims.getAudience()),
                expiresAt.toInstant(),
                Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant),
                Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant),
                strings(claims, "amr"), strings(claims, "withheld_roles"), scopes(claims));
    }

    /** The optional {@code scope} claim (RFC 9068): space-separated names, none blank. */
    private static Set<String> scopes(JWTClaimsSet claims) {
        String scope = stringClaim(claims, "scope");
        if (scope == null) {
            return Set.of();
        }
        if (scope.isBlank() || !scope.equals(scope.strip()) || scope.contains("  ")) {
            throw claim("scope");
        }
        return Set.copyOf(List.of(scope.split(" ")));
    }

    /** An optional claim that must be an array of non-blank strings. */
    private static Set<String> strings(JWTClaimsSet claims, String name) {
        List<String> values;
        try {
            values = Optional.ofNullable(claims.getStringListClaim(name)).orElse(List.of());
        } catch (ParseException e) {
            throw claim(name);
        }
        if (values.stream().anyMatch(value -> value == null || value.isBlank())) {
            throw claim(name);
        }
        return Set.copyOf(values);
    }

    private Principal admit(VerifiedToken token, TerritoryCode territory) {
        Instant now = clock.instant();
        if (!now.isBefore(token.expiresAt().plus(clockSkew))) {
            throw refused(SecurityProblems.TOKEN_EXPIRED, "token.expired");
        }
        Instant latest = now.plus(clockSkew);
        if (token.notBefore().filter(latest::isBefore).isPresent()
                || token.issuedAt().filter(latest::isBefore).isPresent()) {
            throw refused(SecurityProblems.TOKEN_NOT_YET_VALID, "token.not-yet-valid");
        }
        if (!token.audiences().contains(audience(territory))) {
            throw SecurityProblems.refused(SecurityProblems.WRONG_TERRITORY,
                    SecurityMessages.MESSAGES.text("token.wrong-territory", territory.value()));
        }
        return new Principal(token.userId(), territory, token.roles(), token.sessionId(), token.expiresAt(),
                token.amr(), token.withheldRoles(), token.scopes());
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw claim(name);
        }
    }

    /** A UUID in its canonical form only: {@link UUID#fromString} also accepts shortened groups. */
    private static Optional<UUID> uuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ProblemException invalid(String key) {
        return refused(SecurityProblems.INVALID_TOKEN, key);
    }

    private static ProblemException claim(String name) {
        return SecurityProblems.refused(SecurityProblems.INVALID_TOKEN,
                SecurityMessages.MESSAGES.text("token.claims", name));
    }

    private static ProblemException refused(ProblemKind kind, String key) {
        return SecurityProblems.refused(kind, SecurityMessages.MESSAGES.text(key));
    }
}
