package agora.platform.web.paging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
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

import io.helidon.common.parameters.Parameters;

/**
 * Opaque, tamper-evident keyset cursors: the list name and the position of the last item,
 * base64url-encoded and signed with HMAC-SHA256 under a server secret. A client can hand a cursor
 * back but cannot forge or edit one, so cursors never become a way to query around filters.
 */
public final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;
    private static final char SEPARATOR = '\u001f';

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
     * Reads {@code limit} and {@code cursor} from query parameters.
     *
     * @param list  the list's name
     * @param query the request's query parameters
     * @return the page request
     * @throws ProblemException 422 for a bad limit, 400 {@code invalid-cursor} for a bad cursor
     */
    public PageRequest request(String list, Parameters query) {
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
                ? Optional.of(decode(list, query.get("cursor")))
                : Optional.empty();
        return new PageRequest(list, limit, after);
    }

    /**
     * A cursor for the position after which the next page starts.
     *
     * @param list     the list's name
     * @param position the keyset values of the last item returned
     * @return the opaque cursor
     */
    public String encode(String list, List<String> position) {
        StringBuilder payload = new StringBuilder(list);
        for (String value : position) {
            if (value.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("cursor values must not contain U+001F");
            }
            payload.append(SEPARATOR).append(value);
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /**
     * The position inside a cursor, after checking its signature and that it belongs to the list.
     *
     * @param list   the list's name
     * @param cursor the cursor from the client
     * @return the keyset values
     * @throws ProblemException 400 {@code invalid-cursor} for anything not issued by {@link #encode}
     */
    public List<String> decode(String list, String cursor) {
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
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw invalid();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1);
        if (!parts[0].equals(list)) {
            throw invalid();
        }
        List<String> position = new ArrayList<>(parts.length - 1);
        for (int i = 1; i < parts.length; i++) {
            position.add(parts[i]);
        }
        return List.copyOf(position);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
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
