package agora.platform.host;

import java.util.List;

/**
 * Every service that contributes to one interface, as this process reaches them now: what
 * {@link Mount#contributions} hands out. It may be kept; each call of {@link #reachable()} looks
 * again, so it can be taken while services still mount.
 *
 * @param <T> the contribution interface
 */
public interface Contributions<T> {

    /**
     * The contributors this process can ask, by service name: those it runs, and those deployed
     * apart whose internal listener is configured ({@code agora.services.<name>.url}).
     *
     * @return the contributions, sorted by service
     */
    List<Contribution<T>> reachable();

    /**
     * The services whose catalogs declare a contribution that this process can reach neither
     * in-process nor over the network: what an answer assembled from {@link #reachable()} lacks.
     *
     * @return their names, sorted
     */
    List<String> unreachable();
}
