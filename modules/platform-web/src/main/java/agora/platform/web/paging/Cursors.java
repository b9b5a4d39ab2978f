package agora.platform.web.paging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;
import agora.platform.web.RequestLabels;

import io.helidon.common.parameters.Parameters;
import io.helidon.webserver.http.ServerRequest;

/**
 * Opaque, tamper-evident keyset cursors: the position of the last item, base64url-encoded and
 * signed with HMAC-SHA256 under a server secret together with the scope it was issued for (the
 * list, its route and its territory). A client can hand a cursor back but cannot forge, edit or
 * carry one to another list, route or territory, so cursors never become a way to query around
 * filters.
 */
public final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;
    private static final char SEPARATOR = '\u001f';
    private static final char SCOPE_SEPARATOR = '\u001e';

    private final SecretKeySpec key;

    /**
     * Cursors signed with the given secret (at least 32 bytes).
     *
     * @param secret the signing secret; every instance serving the same lists must share it
     */
    public Cursors(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("cursor secret must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /**
     * Reads {@code limit} and {@code cursor} from a request's query parameters. The page's cursors
     * are bound to the list, the route that took the request and the request's territory (as the
     * territory resolver recorded it: resolve the territory first, as every guard does), so a cursor
     * of DK's list is refused by NO's, and one route's cursor by another's.
     *
     * @param request the request
     * @param list    the list's name, with whatever filters the position depends on
     * @return the page request
     * @throws ProblemException 422 for a bad limit, 400 {@code invalid-cursor} for a bad cursor
     */
    public PageRequest request(ServerRequest request, String list) {
        String scope = list + SCOPE_SEPARATOR + RequestLabels.routeIfMatched(request).orElse(RequestLabels.UNMATCHED)
                + SCOPE_SEPARATOR + RequestLabels.territory(request);
        return request(scope, request.query());
    }

    /**
     * Reads {@code limit} and {@code cursor} from query parameters, for a scope the caller names
     * completely (a list outside any request).
     *
     * @param scope what the cursors are bound to
     * @param query the query parameters
     * @return the page request
     * @throws ProblemException 422 for a bad limit, 400 {@code invalid-cursor} for a bad cursor
     */
    public PageRequest request(String scope, Parameters query) {
        int limit = PageRequest.DEFAULT_LIMIT;
        if (query.contains("limit")) {
            String raw = query.get("limit");
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw Validation.failedWith(List.of(FieldError.query("limit", "out-of-range",
                        PlatformMessages.text("limit.range", PageRequest.MAX_LIMIT))));
            }
        }
        Optional<List<String>> after = query.contains("cursor")
                ? Optional.of(decode(scope, query.get("cursor")))
                : Optional.empty();
        return new PageRequest(scope, limit, after);
    }

    /**
     * A cursor for the position after which the next page starts.
     *
     * @param scope    what the cursor is bound to (a page request's {@link PageRequest#list()})
     * @param position the keyset values of the last item returned
     * @return the opaque cursor
     */
    public String encode(String scope, List<String> position) {
        StringBuilder payload = new StringBuilder();
        for (String value : position) {
            if (value.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("cursor values must not contain U+001F");
            }
            if (!payload.isEmpty()) {
                payload.append(SEPARATOR);
            }
            payload.append(value);
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(scope, bytes));
    }

    /**
     * The position inside a cursor, after checking its signature, which covers the scope it was
     * issued for.
     *
     * @param scope  what the cursor must be bound to
     * @param cursor the cursor from the client
     * @return the keyset values
     * @throws ProblemException 400 {@code invalid-cursor} for anything not issued by {@link #encode}
     *                          for this scope
     */
    public List<String> decode(String scope, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot < 1 || dot == cursor.length() - 1) {
            throw invalid();
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = DECODER.decode(cursor.substring(0, dot));
            mac = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(scope, payload))) {
            throw invalid();
        }
        return payload.length == 0 ? List.of()
                : List.of(new String(payload, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1));
    }

    /* The scope's length first, so no scope and payload pair signs the same bytes as another. */
    private byte[] mac(String scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] bound = scope.getBytes(StandardCharsets.UTF_8);
            mac.update(Integer.toString(bound.length).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) ':');
            mac.update(bound);
            byte[] full = mac.doFinal(payload);
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(ProblemKind.INVALID_CURSOR, PlatformMessages.text("cursor.invalid"));
    }
}
