package agora.auth;

import java.util.List;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;
import agora.platform.password.HashingBusyException;
import agora.platform.password.PasswordHasher;
import agora.platform.password.PasswordPolicy;
import agora.platform.password.PasswordViolation;

/**
 * Auth's passwords: the policy a new password must meet (NIST 800-63B, ASVS 5.0 6.2) and the
 * Argon2id hashing, with a full hasher (every core busy, the wait for a turn exceeded) answered 503
 * with {@code Retry-After} instead of queueing requests without bound.
 */
final class Passwords {
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Throttle throttle;

    Passwords(PasswordHasher hasher, PasswordPolicy policy, Throttle throttle) {
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
    }

    /**
     * Checks a signed-in account's password before a grave change (password, email, deletion, second
     * factor). Wrong answers count against the account like failed logins, so a stolen access token
     * does not buy unlimited guesses; the permit is taken before the hash, and a right answer gives
     * it back.
     *
     * @throws ProblemException 403 {@code wrong-password}, 429 while the account is blocked
     */
    void confirm(TerritoryCode territory, Account account, String password) {
        String email = account.email().orElseThrow(() -> AuthProblems.problem(AuthProblems.WRONG_PASSWORD,
                "password.wrong"));
        Throttle.Attempt attempt = throttle.confirmation(territory, email);
        boolean right;
        try {
            right = account.passwordHash().filter(hash -> verify(password, hash)).isPresent();
        } catch (RuntimeException notJudged) {
            Logins.abandon(attempt, notJudged);
            throw notJudged;
        }
        if (!right) {
            // The permit stays: it counts this failure.
            throw AuthProblems.problem(AuthProblems.WRONG_PASSWORD, "password.wrong");
        }
        attempt.succeeded();
    }

    String hash(String password) {
        try {
            return hasher.hash(password);
        } catch (HashingBusyException e) {
            throw busy(e);
        }
    }

    boolean verify(String password, String encoded) {
        try {
            return hasher.verify(password, encoded);
        } catch (HashingBusyException e) {
            throw busy(e);
        }
    }

    /** The same work as a {@link #verify}, for an unknown account: timing tells nothing. */
    void verifyNothing(String password) {
        try {
            hasher.verifyNothing(password);
        } catch (HashingBusyException e) {
            throw busy(e);
        }
    }

    boolean needsRehash(String encoded) {
        return hasher.needsRehash(encoded);
    }

    /** Whether a presented password is longer than any the policy lets anyone set (refused before hashing). */
    boolean tooLong(String password) {
        return policy.tooLong(password);
    }

    /**
     * Adds the policy's objections to a new password as field errors.
     *
     * @param personal the account's email and display name, which the password must not contain
     */
    void check(Validation validation, String pointer, String password, List<String> personal) {
        for (PasswordViolation violation : policy.check(password, personal)) {
            String code = "password-" + violation.code();
            Object parameter = violation.parameters().getOrDefault("min",
                    violation.parameters().getOrDefault("max", PasswordPolicy.RECOMMENDED_LENGTH));
            validation.add(FieldError.body(pointer, code, AuthProblems.MESSAGES.text("field." + code, parameter,
                    PasswordPolicy.RECOMMENDED_LENGTH)));
        }
    }

    /**
     * Refuses a new password the policy objects to.
     *
     * @throws ProblemException 422 {@code validation-failed} naming the field
     */
    void require(String pointer, String password, List<String> personal) {
        Validation validation = new Validation();
        check(validation, pointer, password, personal);
        validation.throwIfInvalid();
    }

    private static ProblemException busy(HashingBusyException e) {
        return new ProblemException(ProblemKind.UNAVAILABLE, AuthProblems.MESSAGES.text("hashing.busy"))
                .header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
}
