/**
 * The host: one process for whatever Agora services are on its module path. It does once, for
 * every service, what each service's start-up would otherwise repeat: the database and every
 * territory's migrations, events, shared state, security and CORS, health and metrics, tracing,
 * the API document, calls between services, the operator listener's guard (its token, no
 * browsers), background loops, graceful shutdown and the start-up log.
 *
 * <p>Services {@code provides agora.platform.host.AgoraService with …}; every {@code -api} module
 * {@code provides agora.platform.contract.Catalog with …}; the pod module
 * {@code provides agora.platform.host.LocalDefaults with …} (its embedded database and in-process
 * backends).
 */
module agora.platform.host {
    requires agora.auth.api;
    requires agora.badge.api;
    requires agora.platform.contract;
    // Mount hands services these modules' types.
    requires transitive agora.platform.core;
    requires transitive agora.platform.web;
    requires transitive agora.platform.data;
    requires transitive agora.platform.events;
    requires transitive agora.platform.state;
    requires transitive agora.platform.security;
    // Mount.mailer() hands out a Mailer, but only a service that sends mail needs it: such a service
    // requires agora.platform.mail itself, and other images leave Jakarta Mail (and java.desktop) out.
    requires static agora.platform.mail;
    requires agora.platform.observe;
    requires java.net.http;
    // The start-up log says how long the JVM ran before the host began.
    requires java.management;
    requires com.fasterxml.jackson.databind;
    // Seed files may be YAML.
    requires org.yaml.snakeyaml;

    exports agora.platform.host;

    uses agora.platform.host.AgoraService;
    uses agora.platform.host.LocalDefaults;
    uses agora.platform.contract.Catalog;
}
