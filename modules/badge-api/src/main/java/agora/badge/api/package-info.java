/** The badge service's contract: {@link agora.badge.api.PermissionFacts}. */
package agora.badge.api;
