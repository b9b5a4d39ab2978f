/** {@code Idempotency-Key} support for creating POSTs: claim, answer once, replay the first answer. */
package agora.platform.web.idempotency;
