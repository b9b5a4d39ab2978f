/**
 * Access-token verification: RS256 JWS access tokens (RFC 9068) checked against the auth
 * service's published keys, with the verified tokens remembered until they expire.
 */
package agora.platform.security.token;
