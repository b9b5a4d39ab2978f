/** Constants of the auth service that callers and the platform's token verification agree on. */
package agora.auth.api;
