/**
 * Errors as RFC 9457 {@code application/problem+json}: kinds with stable codes, the exception
 * handlers throw, per-field validation errors, and the translated texts of their details.
 */
package agora.platform.core.problem;
