/**
 * The user service's contract: {@link agora.user.api.UserCatalog}, its events ({@link agora.user.api.UserEvents}),
 * {@link agora.user.api.BlockFacts}, and the {@link agora.user.api.ProfileSectionContribution sections}
 * other services add to a member's profile.
 */
package agora.user.api;
