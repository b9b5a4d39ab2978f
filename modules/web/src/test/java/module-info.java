/** Tests of the web UI's serving, through the host as the pod runs it. */
open module agora.web {
    requires agora.platform.host;
    requires agora.platform.web;

    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    provides agora.platform.host.AgoraService with agora.web.WebService;
}
