/** The user service's contract: {@link agora.user.api.UserCatalog}, its events ({@link agora.user.api.UserEvents}) and {@link agora.user.api.BlockFacts}. */
package agora.user.api;
