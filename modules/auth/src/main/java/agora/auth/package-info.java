/**
 * The auth service: {@link agora.auth.AuthService} is what a process mounts; the key ring, its
 * store and the key-encryption secret stay package-private.
 */
package agora.auth;
