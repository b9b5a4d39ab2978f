/**
 * The user service: members as other members see them. So far one route, the signed-in member as
 * this service knows them; profiles, avatars, privacy, follows and blocks arrive with the Users
 * issue.
 *
 * <p>The host finds the service through {@code provides}; nothing is exported.
 */
module agora.user {
    requires agora.platform.security;
    requires agora.platform.web;
    requires agora.user.api;
    requires agora.platform.host;
    // Avatars: erasure on auth.account_deleted, and images decoded and re-encoded with javax.imageio.
    requires agora.auth.api;
    requires java.desktop;

    provides agora.platform.host.AgoraService with agora.user.UserService;

    // Jackson writes the views.
    opens agora.user to com.fasterxml.jackson.databind;
    opens agora.user.avatar to com.fasterxml.jackson.databind;
}
