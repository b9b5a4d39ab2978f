package agora.auth;

import java.util.List;

/**
 * A territory's key ids after a change, as the operator sees them (ids only, never key material).
 *
 * @param current the key that signs
 * @param next    the key that is published and will sign after the next rotation
 * @param retired keys that no longer sign and stay published until their tokens have expired
 */
record KeyRotation(String current, String next, List<String> retired) {
}
