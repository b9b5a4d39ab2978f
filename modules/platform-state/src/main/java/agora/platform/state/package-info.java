/** Shared fast state: caches with TTLs and rate limiters, in Redis or in-process. */
package agora.platform.state;
