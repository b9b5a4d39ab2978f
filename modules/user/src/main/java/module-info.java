/**
 * The user service: members as other members see them. Profiles (display name, handle, bio,
 * pronouns, language, links), avatars, privacy, follows and follow requests, blocks, search, erasure when
 * auth deletes an account, and the member's export of their data from every service.
 *
 * <p>Avatars ({@code agora.user.avatar}) decode and re-encode pictures with {@code javax.imageio};
 * the WebP reader is an ImageIO plug-in on the module path (TwelveMonkeys), bound as a provider of
 * {@code javax.imageio.spi.ImageReaderSpi}, so nothing here requires it.
 *
 * <p>The host finds the service through {@code provides}; nothing is exported. Bios are Markdown
 * rendered by commonmark (a named module).
 */
module agora.user {
    requires agora.platform.contract;
    requires agora.platform.security;
    requires agora.platform.web;
    requires agora.platform.data;
    requires agora.platform.events;
    requires agora.platform.core;
    requires agora.platform.state;
    requires agora.user.api;
    requires agora.auth.api;
    requires agora.platform.host;
    requires org.commonmark;
    requires com.fasterxml.jackson.databind;
    // Avatars: images decoded and re-encoded with javax.imageio.
    requires java.desktop;
    // SQLException's state tells a unique violation (two members taking one handle at once).
    requires java.sql;

    provides agora.platform.host.AgoraService with agora.user.UserService;

    // Jackson reads the requests and writes the views.
    opens agora.user.profile to com.fasterxml.jackson.databind;
    opens agora.user.privacy to com.fasterxml.jackson.databind;
    opens agora.user.follow to com.fasterxml.jackson.databind;
    opens agora.user.search to com.fasterxml.jackson.databind;
    opens agora.user.export to com.fasterxml.jackson.databind;
    opens agora.user.avatar to com.fasterxml.jackson.databind;
    opens agora.user.sections to com.fasterxml.jackson.databind;
}
