/** Flyway migrations: the global schema and each service's tables in each territory schema. */
package agora.platform.data.migrate;
