/** Tests of the territory service run through the host, against the real PostgreSQL, NATS and Redis. */
open module agora.territory {
    requires agora.platform.contract;
    requires agora.platform.host;
    requires agora.platform.core;
    requires agora.platform.web;
    requires agora.platform.data;
    requires agora.platform.events;

    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    provides agora.platform.host.AgoraService with agora.territory.TerritoryService;
    // No exports: an open module's descriptor may only name packages of the test output.
}
