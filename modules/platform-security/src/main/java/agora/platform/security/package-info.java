/**
 * The principal a handler sees, the guards that put it there, the problems a refused request
 * gets, the module's configuration and the wiring of its parts.
 */
package agora.platform.security;
