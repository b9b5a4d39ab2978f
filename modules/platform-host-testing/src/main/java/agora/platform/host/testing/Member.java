package agora.platform.host.testing;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A signed-in account, as the tests' sign-in helpers leave it.
 *
 * @param id    its id
 * @param email its address
 * @param login the login answer (tokens, expiry, session)
 */
public record Member(UUID id, String email, JsonNode login) {
    /** The password every helper-made account has. */
    public static final String PASSWORD = "correct horse battery staple";

    /** Its access token. */
    public String access() {
        return login.get("accessToken").asText();
    }

    /** Its refresh token. */
    public String refresh() {
        return login.get("refreshToken").asText();
    }
}
