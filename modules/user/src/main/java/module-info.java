/**
 * The user service: members as other members see them. So far one route, the signed-in member as
 * this service knows them; profiles, avatars, privacy, follows and blocks arrive with the Users
 * issue.
 *
 * <p>Avatars ({@code agora.user.avatar}) decode and re-encode pictures with {@code javax.imageio};
 * the WebP reader is an ImageIO plug-in on the module path (TwelveMonkeys), bound as a provider of
 * {@code javax.imageio.spi.ImageReaderSpi}, so nothing here requires it.
 *
 * <p>The host finds the service through {@code provides}; nothing is exported.
 */
module agora.user {
    requires agora.platform.security;
    requires agora.platform.web;
    requires agora.user.api;
    requires agora.platform.host;
    requires agora.platform.contract;
    requires agora.platform.core;
    requires agora.platform.data;
    requires agora.platform.state;
    // Avatars: erasure on auth.account_deleted, and images decoded and re-encoded with javax.imageio.
    requires agora.auth.api;
    requires java.desktop;

    provides agora.platform.host.AgoraService with agora.user.UserService;

    // Jackson writes the views.
    opens agora.user to com.fasterxml.jackson.databind;
    opens agora.user.avatar to com.fasterxml.jackson.databind;
}
