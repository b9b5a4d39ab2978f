/** Background loops that survive any exception with backoff and report themselves to health. */
package agora.platform.core.loop;
