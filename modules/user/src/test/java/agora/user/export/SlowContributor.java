package agora.user.export;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agora.platform.contract.Catalog;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;

/**
 * A service of the tests' own that contributes to the export and, for the members it is told to,
 * holds its answer until released: an export in progress the tests can see.
 */
public final class SlowContributor implements AgoraService {
    /** Its name, and the folder of its part. */
    static final String NAME = "slow";

    /** Members whose part is held, each until its latch opens. */
    final java.util.Map<UUID, CountDownLatch> held = new ConcurrentHashMap<>();
    /** Members whose part is being asked for now. */
    final Set<UUID> asked = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void mount(Mount mount) {
        mount.contribute(MemberExportContribution.class, (territory, member) -> {
            asked.add(member);
            CountDownLatch latch = held.get(member);
            try {
                if (latch != null && !latch.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                asked.remove(member);
            }
            return ExportPart.of(ExportEntry.text("note.txt", "slow " + member));
        });
    }

    /** Its catalog: it contributes to the member's export. */
    public static final class SlowCatalog implements Catalog {
        @Override
        public String service() {
            return NAME;
        }

        @Override
        public List<Class<?>> contributions() {
            return List.of(MemberExportContribution.class);
        }
    }
}
