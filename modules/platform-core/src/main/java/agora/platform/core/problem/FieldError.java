package agora.platform.core.problem;

import java.util.Objects;
import java.util.Optional;

/**
 * One reason a request was refused, tied to the place in the request that caused it: a JSON
 * Pointer into the body ({@code /name}) or a query parameter name.
 *
 * @param pointer   JSON Pointer into the body, when the error is in the body
 * @param parameter query parameter name, when the error is in the query
 * @param code      stable machine code such as {@code required} or {@code too-long}
 * @param detail    translatable explanation
 */
public record FieldError(Optional<String> pointer, Optional<String> parameter, String code, Text detail) {

    public FieldError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * An error at a place in the JSON body.
     *
     * @param pointer JSON Pointer, e.g. {@code /name}
     * @param code    machine code
     * @param detail  explanation
     * @return the error
     */
    public static FieldError body(String pointer, String code, Text detail) {
        return new FieldError(Optional.of(pointer), Optional.empty(), code, detail);
    }

    /**
     * An error in a query parameter.
     *
     * @param parameter parameter name
     * @param code      machine code
     * @param detail    explanation
     * @return the error
     */
    public static FieldError query(String parameter, String code, Text detail) {
        return new FieldError(Optional.empty(), Optional.of(parameter), code, detail);
    }
}
