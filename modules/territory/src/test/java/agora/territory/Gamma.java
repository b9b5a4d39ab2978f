package agora.territory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;

/**
 * A service of the tests beside the territory service: tables in every territory
 * ({@code agora-db/gamma/}) and a record of the territories it was readied for, so a test sees
 * what creating a territory does to the other services of the process (and of other processes).
 */
public final class Gamma implements AgoraService {
    final List<TerritoryCode> readied = new CopyOnWriteArrayList<>();

    /** For the host. */
    public Gamma() {
    }

    @Override
    public String name() {
        return "gamma";
    }

    @Override
    public void mount(Mount mount) {
        mount.territoryTables();
        mount.onTerritoryReady(readied::add);
    }
}
