/**
 * The HTTP edge of security: CORS from an allowlist of origins, and the client address used for
 * throttling and audit, which believes {@code X-Forwarded-For} only from trusted proxies.
 */
package agora.platform.security.web;
