/**
 * An embedded PostgreSQL server for a developer's pod: unpacked from the binaries jar, initialised
 * once, started on 127.0.0.1. Only the pod requires this module, so no service image carries the
 * binaries (14 MB) or the archive readers (which pull in {@code java.desktop}).
 */
module agora.platform.embedded {
    requires agora.platform.data;
    requires io.helidon.config;
    requires java.sql;
    // `static`: the pod's image leaves the archive readers out (with them java.desktop, which
    // commons-compress requires) because an image is always given AGORA_DB_URL; ./agora run has them.
    requires static org.apache.commons.compress;
    requires static org.tukaani.xz;

    exports agora.platform.embedded;
}
