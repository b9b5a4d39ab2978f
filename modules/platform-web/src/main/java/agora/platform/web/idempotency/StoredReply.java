package agora.platform.web.idempotency;

import java.util.Map;

/**
 * A first answer as it was sent, to be sent again on replay.
 *
 * @param status  HTTP status
 * @param headers the headers worth repeating ({@code Location}, {@code Content-Type})
 * @param body    the body bytes
 */
public record StoredReply(int status, Map<String, String> headers, byte[] body) {

    public StoredReply {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
