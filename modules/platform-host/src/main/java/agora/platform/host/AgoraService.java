package agora.platform.host;

/**
 * One Agora service as the host runs it. A service module provides exactly one implementation
 * ({@code provides agora.platform.host.AgoraService with …} in its {@code module-info.java}), which
 * the host finds with {@code ServiceLoader}: the pod is the host with every service on its module
 * path, a per-service image the host with one. The implementation needs a public no-argument
 * constructor; its package need not be exported.
 *
 * <p>{@link #mount} is the service's whole wiring: it reads what it needs from the {@link Mount}
 * (database, events, state, security, mail, clock, its own configuration node), builds its parts by
 * hand, and declares what it is (migrations, routes, problem codes, subscriptions, readiness checks,
 * facts it answers, territory set-up, background work). The host then migrates, starts and serves
 * everything the same way for every service.
 */
public interface AgoraService {

    /**
     * The service's name: lower-case letters, digits and {@code _}. Its tables, event subjects,
     * metrics, configuration node ({@code agora.<name>}) and {@code db/<name>/} migrations are named
     * after it.
     *
     * @return the name
     */
    String name();

    /**
     * Builds the service from the host's parts and declares it. Called once per process, before
     * anything is migrated or started; another service's facts may be asked for here but answer
     * only once the process runs.
     *
     * @param mount the host's parts and the service's declarations
     */
    void mount(Mount mount);
}
