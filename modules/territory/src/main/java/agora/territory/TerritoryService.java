package agora.territory;

import java.util.ArrayList;
import java.util.List;

import agora.platform.host.AgoraService;
import agora.platform.host.Mount;

/**
 * The territory service: everyone reads the pod's territories; operators create, activate and
 * deactivate them. Creating a territory readies it in this process (every hosted service's tables
 * and set-up) before it becomes active, and publishes {@code territory.created} so services
 * deployed apart ready it too.
 */
public final class TerritoryService implements AgoraService {
    /** The service's name: its event subjects and tables are named after it. */
    public static final String NAME = "territory";
    /** The first territories of a new pod when {@code agora.territory.seed} says nothing else. */
    static final String DEFAULT_SEED = "DK:Danmark:da,NO:Norge:nb,SE:Sverige:sv";

    /** For {@code ServiceLoader}. */
    public TerritoryService() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Wires the service from {@code agora.territory}: {@code seed}, the {@code CODE:Name[:language]}
     * territories created at first start (default {@value #DEFAULT_SEED}; empty for none).
     */
    @Override
    public void mount(Mount mount) {
        List<NewTerritory> seeds = parseSeed(mount.config().get("seed").asString().orElse(DEFAULT_SEED));
        TerritoryRegistry registry = new TerritoryRegistry(mount.database());
        Provisioner provisioner = new Provisioner(registry, mount.provisioning(), mount.territories(),
                mount.podOutbox(), mount.clock());
        TerritoryApi api = new TerritoryApi(registry, provisioner, mount.json(), mount.cursors(), mount.idempotency());
        mount.routes(api::routes);
        mount.operatorRoutes(api::operatorRoutes);
        mount.problems(List.of(Provisioner.TERRITORY_EXISTS, Provisioner.HOST_TAKEN));
        mount.onStart(() -> {
            provisioner.finishCutShort();
            provisioner.seed(seeds);
        });
    }

    static List<NewTerritory> parseSeed(String seed) {
        List<NewTerritory> territories = new ArrayList<>();
        for (String entry : seed.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("agora.territory.seed entries are CODE:Name[:language], not " + entry);
            }
            CreateTerritory request = new CreateTerritory(parts[0].trim(), parts[1].trim(),
                    parts.length == 3 ? parts[2].trim() : null, List.of());
            territories.add(request.validate());
        }
        return territories;
    }
}
