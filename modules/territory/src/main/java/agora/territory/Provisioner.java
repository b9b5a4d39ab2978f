package agora.territory;

import java.time.Clock;
import java.util.List;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.territory.Territory;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryProblems;
import agora.platform.data.territory.TerritoryStatus;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;
import agora.platform.events.TerritoryCreated;
import agora.platform.host.Provisioning;

/**
 * Territories' lives: created as {@code provisioning}, readied in this process (every hosted
 * service's tables and set-up, through the host's {@link Provisioning}), then {@code active};
 * deactivated and activated by operators. A creation cut short (a crash, a failing migration) leaves
 * the territory provisioning (503 for its requests) until {@link #activate} or the next start
 * finishes it.
 */
final class Provisioner {
    static final ProblemKind TERRITORY_EXISTS = new ProblemKind("territory-exists", 409, "Territory exists");
    static final ProblemKind HOST_TAKEN = new ProblemKind("host-taken", 409, "Host name taken");

    private static final System.Logger LOG = System.getLogger(Provisioner.class.getName());

    private final TerritoryRegistry registry;
    private final Provisioning provisioning;
    private final TerritoryDirectory directory;
    private final Outbox outbox;
    private final Clock clock;

    Provisioner(TerritoryRegistry registry, Provisioning provisioning, TerritoryDirectory directory, Outbox outbox,
                Clock clock) {
        this.registry = registry;
        this.provisioning = provisioning;
        this.directory = directory;
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

    /**
     * Finishes creations that were cut short: the host has readied every territory at start, so
     * one still {@code provisioning} only needs to become active.
     */
    void finishCutShort() {
        for (Territory territory : directory.all()) {
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
        provisioning.prepare(code);
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
