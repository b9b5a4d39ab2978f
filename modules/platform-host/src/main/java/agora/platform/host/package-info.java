/**
 * The host: one way to run any set of Agora services. A service implements
 * {@link agora.platform.host.AgoraService} and is found on the module path; the
 * {@link agora.platform.host.Host} gives it its parts through a {@link agora.platform.host.Mount},
 * migrates, starts and serves it.
 */
package agora.platform.host;
