/**
 * The auth service's contract: key publication and token shape, roles, permissions and events,
 * shared by the services and the platform's token verification.
 */
package agora.auth.api;
