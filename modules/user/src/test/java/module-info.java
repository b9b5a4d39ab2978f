/** Tests of the user service run through the host as the pod runs it, on the real backends. */
open module agora.user {
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
    requires java.sql;
    requires java.desktop;

    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires java.net.http;
    provides agora.platform.host.AgoraService with agora.user.UserService;
    // A contributor of the tests' own: an export in progress, and one a process cannot reach.
    provides agora.platform.contract.Catalog with agora.user.export.SlowContributor.SlowCatalog;
    // No exports: an open module's descriptor may only name packages of the test output.
}
