package agora.platform.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;

/**
 * Characters no store keeps faithfully, refused wherever text enters: NUL (PostgreSQL rejects
 * 0x00 in text, a 500 once it reaches SQL) and unpaired UTF-16 surrogates (UTF-8 cannot encode
 * them, so they would be stored, compared and hashed as {@code ?}: two different passwords would
 * become one). Everything else, markup included, is ordinary text.
 */
final class UnstorableText {
    /** The code of a field or parameter error for such a character. */
    static final String CODE = "invalid-character";

    private UnstorableText() {
    }

    /**
     * Whether text holds a NUL or a lone surrogate.
     *
     * @param text the text
     * @return true when it cannot be stored as sent
     */
    static boolean in(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /**
     * Adds an error for every string value and member name of a JSON document that holds such a
     * character, pointing at it.
     *
     * @param node    the document, or a part of it
     * @param pointer the JSON pointer of {@code node}
     * @param errors  where errors are added
     */
    static void find(JsonNode node, String pointer, List<FieldError> errors) {
        if (node.isTextual()) {
            if (in(node.textValue())) {
                errors.add(error(pointer));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                find(node.get(i), pointer + "/" + i, errors);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> members = node.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                String at = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                if (in(member.getKey())) {
                    errors.add(error(at));
                } else {
                    find(member.getValue(), at, errors);
                }
            }
        }
    }

    /**
     * Refuses a request whose path or query parameters hold such a character (after
     * percent-decoding: {@code %00} is a NUL).
     *
     * @param request the request
     * @throws ProblemException 400 {@code bad-request} for the path, 400 {@code invalid-parameter}
     *                          naming each parameter
     */
    static void refuseInAddress(ServerRequest request) {
        if (in(request.path().path())) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, PlatformMessages.text("path.invalid-character"));
        }
        UriQuery query = request.query();
        List<FieldError> errors = new ArrayList<>();
        for (String name : query.names()) {
            if (in(name) || query.all(name).stream().anyMatch(UnstorableText::in)) {
                errors.add(FieldError.query(name, CODE, PlatformMessages.text("field.invalid-character")));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.INVALID_PARAMETER, PlatformMessages.text("parameters.invalid"),
                    errors);
        }
    }

    private static FieldError error(String pointer) {
        return FieldError.body(pointer, CODE, PlatformMessages.text("field.invalid-character"));
    }
}
