package agora.territory;

import java.time.Clock;
import java.util.List;

import agora.platform.data.TerritoryCode;
import agora.platform.data.migrate.Migrator;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryProblems;
import agora.platform.data.territory.TerritoryReadiness;
import agora.platform.data.territory.TerritoryStatus;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;
import agora.platform.events.TerritoryCreated;
import agora.platform.web.problem.ProblemException;
import agora.platform.web.problem.ProblemKind;

/**
 * Territories' lives: created as {@code provisioning}, their schema migrated for every service of
 * this process, then {@code active}; deactivated and activated by operators. A creation cut short
 * (a crash, a failing migration) leaves the territory provisioning (503 for its requests) until
 * {@link #activate} or the next start finishes it.
 */
final class Provisioner {
    static final ProblemKind TERRITORY_EXISTS = new ProblemKind("territory-exists", 409, "Territory exists");
    static final ProblemKind HOST_TAKEN = new ProblemKind("host-taken", 409, "Host name taken");

    private static final System.Logger LOG = System.getLogger(Provisioner.class.getName());

    private final TerritoryRegistry registry;
    private final Migrator migrator;
    private final List<ServiceMigrations> services;
    private final TerritoryDirectory directory;
    private final TerritoryReadiness readiness;
    private final Outbox outbox;
    private final Clock clock;

    Provisioner(TerritoryRegistry registry, Migrator migrator, List<ServiceMigrations> services,
                TerritoryDirectory directory, TerritoryReadiness readiness, Outbox outbox, Clock clock) {
        this.registry = registry;
        this.migrator = migrator;
        this.services = List.copyOf(services);
        this.directory = directory;
        this.readiness = readiness;
        this.outbox = outbox;
        this.clock = clock;
    }

    Territory create(NewTerritory request) {
        // The pod-wide event goes out with the registry row: services deployed on their own migrate
        // the territory when they hear it.
        TerritoryCreated event = new TerritoryCreated(request.code().value(), request.name(), request.language());
        return switch (registry.insert(request, clock.instant(), transaction -> outbox.append(transaction,
                EventScope.pod(), TerritoryCreated.TYPE, request.code().value(), 1, event))) {
            case TerritoryRegistry.Insert.Created created -> provision(created.territory().code());
            case TerritoryRegistry.Insert.CodeTaken ignored -> throw new ProblemException(TERRITORY_EXISTS,
                    TerritoryMessages.MESSAGES.text("territory.exists", request.code().value()));
            case TerritoryRegistry.Insert.HostTaken taken -> throw new ProblemException(HOST_TAKEN,
                    TerritoryMessages.MESSAGES.text("host.taken", taken.host(), taken.owner().value()));
        };
    }

    Territory activate(TerritoryCode code) {
        Territory territory = existing(code);
        if (territory.status() == TerritoryStatus.PROVISIONING) {
            return provision(code);
        }
        return changeStatus(code, TerritoryStatus.ACTIVE);
    }

    Territory deactivate(TerritoryCode code) {
        existing(code);
        return changeStatus(code, TerritoryStatus.INACTIVE);
    }

    /** Brings every territory's tables up to date at start, finishing creations that were cut short. */
    void migrateAll() {
        for (Territory territory : directory.all()) {
            migrator.migrateTerritory(territory.code(), services);
            readiness.markReady(territory.code());
            if (territory.status() == TerritoryStatus.PROVISIONING) {
                changeStatus(territory.code(), TerritoryStatus.ACTIVE);
                LOG.log(System.Logger.Level.INFO, "Finished provisioning territory {0}", territory.code());
            }
        }
    }

    /** Creates the configured first territories that do not exist yet. */
    void seed(List<NewTerritory> seeds) {
        for (NewTerritory seed : seeds) {
            if (registry.find(seed.code()).isEmpty()) {
                try {
                    create(seed);
                    LOG.log(System.Logger.Level.INFO, "Created territory {0} ({1})", seed.code(), seed.name());
                } catch (ProblemException raced) {
                    if (raced.kind() != TERRITORY_EXISTS) {
                        throw raced;
                    }
                }
            }
        }
    }

    private Territory provision(TerritoryCode code) {
        migrator.migrateTerritory(code, services);
        readiness.markReady(code);
        return changeStatus(code, TerritoryStatus.ACTIVE);
    }

    private Territory changeStatus(TerritoryCode code, TerritoryStatus status) {
        Territory changed = registry.setStatus(code, status, clock.instant())
                .orElseThrow(() -> TerritoryProblems.unknown(code.value()));
        directory.invalidate();
        return changed;
    }

    private Territory existing(TerritoryCode code) {
        return registry.find(code).orElseThrow(() -> TerritoryProblems.unknown(code.value()));
    }
}
