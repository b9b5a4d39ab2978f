/**
 * The web UI as the host serves it: the app Vite built into this jar ({@code agora-web/}) at
 * {@code /}, with history-API routing for the app's own paths, long-lived caching for hashed
 * assets and a Content-Security-Policy that allows only the pod's own origin.
 *
 * <p>The host finds the service through {@code provides}; nothing is exported.
 */
module agora.web {
    requires agora.platform.host;
    requires agora.platform.web;

    provides agora.platform.host.AgoraService with agora.web.WebService;
}
