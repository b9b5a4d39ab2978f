package agora.auth;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import agora.auth.api.AuthRoles;
import agora.platform.core.ConfigValues;
import agora.platform.security.Principal;

import io.helidon.config.Config;

/**
 * Two-factor sign-in: the node {@code agora.auth.two-factor}. Durations are ISO-8601; the role list
 * is a YAML list or one comma-separated value (the form an environment variable carries), and an
 * empty value requires it of no role.
 *
 * @param requiredRoles      roles usable only from a session that signed in with a second factor
 *                           ({@code required-roles}, default {@code territory-admin, moderator})
 * @param enrolmentLifetime  how long a new secret waits for its confirming code ({@code enrolment-lifetime})
 * @param challengeLifetime  how long the second login step may follow the password ({@code challenge-lifetime})
 * @param challengeAttempts  wrong codes one login challenge takes before it dies ({@code challenge-attempts})
 * @param failureLimit       wrong codes in a row, over every challenge and confirmation, after which
 *                           the account's codes are checked at most once per {@code lockout}
 *                           ({@code failure-limit})
 * @param lockout            the wait after the failure limit, counted from the last wrong code ({@code lockout})
 */
record TwoFactorConfig(Set<String> requiredRoles, Duration enrolmentLifetime, Duration challengeLifetime,
                       int challengeAttempts, int failureLimit, Duration lockout) {

    TwoFactorConfig {
        requiredRoles = Set.copyOf(requiredRoles);
        for (String role : requiredRoles) {
            if (!AuthRoles.ALL.contains(role)) {
                throw new IllegalArgumentException("agora.auth.two-factor.required-roles: unknown role " + role
                        + "; the roles are " + String.join(", ", new TreeSet<>(AuthRoles.ALL)));
            }
        }
        ConfigValues.positive(enrolmentLifetime, "agora.auth.two-factor.enrolment-lifetime");
        ConfigValues.positive(challengeLifetime, "agora.auth.two-factor.challenge-lifetime");
        ConfigValues.positive(lockout, "agora.auth.two-factor.lockout");
        if (challengeAttempts < 1) {
            throw new IllegalArgumentException("agora.auth.two-factor.challenge-attempts must be at least 1");
        }
        if (failureLimit < challengeAttempts) {
            throw new IllegalArgumentException(
                    "agora.auth.two-factor.failure-limit must be at least agora.auth.two-factor.challenge-attempts");
        }
    }

    /**
     * The configuration under {@code agora.auth.two-factor}, defaults where a key is absent.
     *
     * @param node the {@code agora.auth.two-factor} node
     * @return the configuration
     */
    static TwoFactorConfig from(Config node) {
        Config roles = node.get("required-roles");
        Set<String> required = roles.exists() ? Set.copyOf(ConfigValues.strings(roles)) : AuthRoles.ALL;
        return new TwoFactorConfig(required,
                node.get("enrolment-lifetime").as(Duration.class).orElse(Duration.ofMinutes(15)),
                node.get("challenge-lifetime").as(Duration.class).orElse(Duration.ofMinutes(5)),
                node.get("challenge-attempts").asInt().orElse(5),
                node.get("failure-limit").asInt().orElse(10),
                node.get("lockout").as(Duration.class).orElse(Duration.ofMinutes(15)));
    }

    /** Of an account's roles, those its session may not use: all required ones when it lacks a second factor. */
    Set<String> withheld(Collection<String> roles, Collection<String> amr) {
        if (amr.contains(Amr.SECOND_FACTOR)) {
            return Set.of();
        }
        Set<String> withheld = new TreeSet<>(roles);
        withheld.retainAll(requiredRoles);
        return withheld;
    }

    /** Of an account's roles, those that need two-factor sign-in, sorted. */
    List<String> requiredOf(Collection<String> roles) {
        return roles.stream().filter(requiredRoles::contains).sorted().toList();
    }



    /** The {@code amr} values (RFC 8176) a session records. */
    static final class Amr {
        /** Password. */
        static final String PASSWORD = "pwd";
        /** One-time password: a TOTP code or a single-use recovery code (what the platform's guards read). */
        static final String SECOND_FACTOR = Principal.SECOND_FACTOR;
        /** A session that signed in with a password alone. */
        static final List<String> PASSWORD_ONLY = List.of(PASSWORD);
        /** A session that signed in with a password and a second factor. */
        static final List<String> TWO_FACTOR = List.of(PASSWORD, SECOND_FACTOR);

        private Amr() {
        }
    }
}
