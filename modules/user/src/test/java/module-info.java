/** Tests of the user service run through the host as the pod runs it, on the real backends. */
open module agora.user {
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

    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    provides agora.platform.host.AgoraService with agora.user.UserService;
    // No exports: an open module's descriptor may only name packages of the test output.
}
