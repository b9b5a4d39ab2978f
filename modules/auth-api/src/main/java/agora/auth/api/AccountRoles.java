package agora.auth.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * The roles an account holds now, as auth answers them to the authorization view, which every role
 * guard reads: so a grant or a withdrawal counts at every service within about a second, whatever
 * the caller's access token was issued with.
 *
 * @param held               the roles the account holds ({@link AuthRoles})
 * @param secondFactorNeeded of those, the ones usable only from a session that signed in with a
 *                           second factor (auth's {@code agora.auth.two-factor.required-roles})
 */
public record AccountRoles(Set<String> held, Set<String> secondFactorNeeded) {
    /** An account with no role. */
    public static final AccountRoles NONE = new AccountRoles(Set.of(), Set.of());

    /** Copies both sets; a role needing a second factor that is not held is dropped. */
    public AccountRoles {
        held = Set.copyOf(held);
        Set<String> needed = new TreeSet<>(secondFactorNeeded);
        needed.retainAll(held);
        secondFactorNeeded = Set.copyOf(needed);
    }

    /**
     * The roles a session may use.
     *
     * @param secondFactor whether the session signed in with a second factor
     * @return the held roles, less those that need a second factor when the session has none
     */
    public Set<String> usable(boolean secondFactor) {
        if (secondFactor) {
            return held;
        }
        Set<String> usable = new TreeSet<>(held);
        usable.removeAll(secondFactorNeeded);
        return Set.copyOf(usable);
    }

    /**
     * The roles a session holds but may not use until it signs in with a second factor.
     *
     * @param secondFactor whether the session signed in with a second factor
     * @return those roles; none when it did
     */
    public Set<String> withheld(boolean secondFactor) {
        return secondFactor ? Set.of() : secondFactorNeeded;
    }
}
