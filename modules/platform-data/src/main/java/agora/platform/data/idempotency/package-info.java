/** The PostgreSQL store behind {@code Idempotency-Key}. */
package agora.platform.data.idempotency;
