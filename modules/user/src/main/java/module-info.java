/**
 * The user service: members as other members see them. So far one route, the signed-in member as
 * this service knows them, and the member's export of their data from every service; profiles,
 * avatars, privacy, follows and blocks arrive with the Users issue.
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
    requires agora.platform.state;
    requires agora.platform.data;
    requires com.fasterxml.jackson.databind;

    provides agora.platform.host.AgoraService with agora.user.UserService;

    // Jackson writes the views.
    opens agora.user to com.fasterxml.jackson.databind;
    opens agora.user.export to com.fasterxml.jackson.databind;
}
