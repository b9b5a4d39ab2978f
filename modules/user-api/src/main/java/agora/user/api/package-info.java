/** The user service's contract: {@link agora.user.api.UserCatalog}. */
package agora.user.api;
