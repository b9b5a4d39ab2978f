/**
 * Server set-up, routes that know themselves, strict JSON, problem responses, request limits,
 * language negotiation and ids: what every Agora service's HTTP side shares.
 */
package agora.platform.web;
