package agora.territory;

import java.util.ArrayList;
import java.util.List;

import agora.platform.data.MountedService;
import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.events.Events;
import agora.platform.web.OpenApi;
import agora.platform.web.Routes;

/**
 * The territory service as a process mounts it: the pod with every other service, or
 * {@link Main} alone.
 */
public final class TerritoryService implements MountedService {
    /** The first territories of a new pod when {@code agora.territories.seed} says nothing else. */
    public static final String DEFAULT_SEED = "DK:Danmark:da,NO:Norge:nb,SE:Sverige:sv";

    private final TerritoryApi api;
    private final Provisioner provisioner;

    private TerritoryService(TerritoryApi api, Provisioner provisioner) {
        this.api = api;
        this.provisioner = provisioner;
    }

    /** The service's name: its event subjects and tables are named after it. */
    public static final String NAME = "territory";

    /**
     * The service, creating territories with the migrations of every service in this process.
     *
     * @param platform          the process's platform
     * @param events            the process's events: {@code territory.created} goes out through them
     * @param territoryTables   the per-territory migrations of every service mounted in this process
     * @return the service
     */
    public static TerritoryService create(Platform platform, Events events, List<ServiceMigrations> territoryTables) {
        TerritoryRegistry registry = new TerritoryRegistry(platform.database());
        Provisioner provisioner = new Provisioner(registry, platform.migrator(), territoryTables,
                platform.territories(), platform.readiness(), events.podOutbox(NAME), platform.clock());
        return new TerritoryService(new TerritoryApi(registry, provisioner, platform.json(), platform.cursors(),
                platform.idempotency()), provisioner);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String openApi() {
        return OpenApi.resource(TerritoryService.class, "/agora-openapi/territory.yaml");
    }

    @Override
    public List<ServiceMigrations> podMigrations() {
        return List.of(Events.migrations(NAME));
    }

    @Override
    public void routes(Routes routes) {
        api.routes(routes);
    }

    @Override
    public void operatorRoutes(Routes operator) {
        api.operatorRoutes(operator);
    }

    /**
     * Readies the territories at start: brings every existing one up to date, finishes creations
     * that were cut short, then creates the seed territories that are missing.
     *
     * @param seed {@code CODE:Name:language} entries, comma-separated (the config value
     *             {@code agora.territories.seed}); empty for none
     */
    public void start(String seed) {
        provisioner.migrateAll();
        provisioner.seed(parseSeed(seed));
    }

    static List<NewTerritory> parseSeed(String seed) {
        List<NewTerritory> territories = new ArrayList<>();
        for (String entry : seed.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("agora.territories.seed entries are CODE:Name[:language], not " + entry);
            }
            CreateTerritory request = new CreateTerritory(parts[0].trim(), parts[1].trim(),
                    parts.length == 3 ? parts[2].trim() : null, List.of());
            territories.add(request.validate());
        }
        return territories;
    }

    /**
     * Whether a code is an ISO 3166-1 alpha-2 code (for the command line).
     *
     * @param code the text
     * @return whether it is valid
     */
    public static boolean validCode(String code) {
        return TerritoryCode.parse(code).isPresent();
    }
}
