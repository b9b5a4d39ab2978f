/**
 * The authorization view: per territory and user, the account's status and permissions, and the
 * revoked sessions, held in the shared cache (Redis, or in-process in a single-process pod).
 * Owners fill it on a miss through their facts contracts ({@code agora.auth.api.AccountFacts},
 * {@code agora.badge.api.PermissionFacts}); event consumers keep it
 * current through its update methods.
 */
package agora.platform.security.authz;
