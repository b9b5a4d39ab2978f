package agora.platform.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * Who a request acts for: identity, session and sign-in method as its verified access token says.
 * Behind a guard, roles are the account's roles now, as the authorization view says, not the
 * snapshot the token was issued with (so a withdrawn role is not outlived by a token that still
 * lists it, and a granted one counts before the next refresh); permissions are asked of the view
 * too.
 *
 * <p>A role the account holds but may use only from a session signed in with a second factor is
 * not in {@code roles} when the session lacks one but in {@code withheld_roles} (the token lists it
 * there too), so a role guard refuses it everywhere with 403 {@code two-factor-enrolment-required}.
 *
 * @param userId        the account ({@code sub})
 * @param territory     the territory the token was issued for (its audience), which is the request's
 * @param roles         roles the account may use in this session, possibly none (the view's behind a
 *                      guard; the token's {@code roles} claim straight from the verifier)
 * @param sessionId     the login session the token belongs to ({@code sid})
 * @param expiresAt     when the token expires ({@code exp})
 * @param amr           how the session signed in ({@code amr}, RFC 8176): {@code pwd}, and {@code otp}
 *                      after a second factor; empty when the token does not say
 * @param withheldRoles roles the account holds that this token may not use until the account has
 *                      two-factor sign-in and the session signed in with it ({@code withheld_roles})
 */
public record Principal(UUID userId, TerritoryCode territory, Set<String> roles, UUID sessionId, Instant expiresAt,
                        Set<String> amr, Set<String> withheldRoles, Set<String> scopes) {

    /** The {@code amr} value of a second factor (a one-time password: TOTP or a recovery code). */
    public static final String SECOND_FACTOR = "otp";
    /**
     * The {@code scope} of a restricted session: one opened while its account was suspended. Its
     * tokens pass only the guards that admit restricted sessions ({@link Guards#allowingRestricted}).
     */
    public static final String APPEAL_SCOPE = "appeal";

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(territory, "territory");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
        amr = Set.copyOf(amr);
        withheldRoles = Set.copyOf(withheldRoles);
        scopes = Set.copyOf(scopes);
    }

    /**
     * A principal with full access (no {@code scope}).
     *
     * @param userId        the account
     * @param territory     the territory
     * @param roles         its roles
     * @param sessionId     its session
     * @param expiresAt     the token's expiry
     * @param amr           how the session signed in
     * @param withheldRoles roles withheld until a second-factor sign-in
     */
    public Principal(UUID userId, TerritoryCode territory, Set<String> roles, UUID sessionId, Instant expiresAt,
                     Set<String> amr, Set<String> withheldRoles) {
        this(userId, territory, roles, sessionId, expiresAt, amr, withheldRoles, Set.of());
    }

    /**
     * A principal whose token says nothing about how it signed in and withholds no role.
     *
     * @param userId    the account
     * @param territory the territory
     * @param roles     its roles
     * @param sessionId its session
     * @param expiresAt the token's expiry
     */
    public Principal(UUID userId, TerritoryCode territory, Set<String> roles, UUID sessionId, Instant expiresAt) {
        this(userId, territory, roles, sessionId, expiresAt, Set.of(), Set.of(), Set.of());
    }

    /**
     * Whether the session signed in with a second factor ({@code amr} contains {@value #SECOND_FACTOR}):
     * for a route that wants more than a password, beyond what the roles say.
     *
     * @return whether it did
     */
    public boolean secondFactor() {
        return amr.contains(SECOND_FACTOR);
    }

    /**
     * Whether the principal may use a role (behind a guard: the account holds it now and the session
     * signed in as the role requires).
     *
     * @param role the role, e.g. {@code territory-admin}
     * @return whether it does
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether the session is restricted: opened while its account was suspended, so its tokens carry
     * {@code scope} {@value #APPEAL_SCOPE} and reach only the routes that admit restricted sessions.
     *
     * @return whether it is
     */
    public boolean restricted() {
        return scopes.contains(APPEAL_SCOPE);
    }
}
