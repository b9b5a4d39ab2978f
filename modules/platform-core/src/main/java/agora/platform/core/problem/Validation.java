package agora.platform.core.problem;

import java.util.ArrayList;
import java.util.List;

import agora.platform.contract.ProblemKind;

/**
 * Collects every field error of a request before refusing it, so a client learns all of them at
 * once instead of one per round trip.
 *
 * <pre>{@code
 * Validation v = new Validation();
 * v.check(name != null && !name.isBlank(), FieldError.body("/name", "required", MSG.text("name.required")));
 * v.throwIfInvalid();
 * }</pre>
 */
public final class Validation {
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * Records the error when the condition does not hold.
     *
     * @param condition what must be true
     * @param error     the error otherwise
     * @return this validation
     */
    public Validation check(boolean condition, FieldError error) {
        if (!condition) {
            errors.add(error);
        }
        return this;
    }

    /**
     * Records an error unconditionally.
     *
     * @param error the error
     * @return this validation
     */
    public Validation add(FieldError error) {
        errors.add(error);
        return this;
    }

    /** Whether any error has been recorded. */
    public boolean failed() {
        return !errors.isEmpty();
    }

    /**
     * Throws a 422 {@code validation-failed} problem listing every recorded error.
     *
     * @throws ProblemException when any check failed
     */
    public void throwIfInvalid() {
        if (failed()) {
            throw failedWith(errors);
        }
    }

    /**
     * The validation problem for the given errors.
     *
     * @param errors what is wrong
     * @return the exception to throw
     */
    public static ProblemException failedWith(List<FieldError> errors) {
        return new ProblemException(ProblemKind.VALIDATION_FAILED,
                PlatformMessages.MESSAGES.text("validation-failed", errors.size()), errors);
    }
}
