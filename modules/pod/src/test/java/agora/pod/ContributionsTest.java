package agora.pod;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.Catalog;
import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.host.AgoraService;
import agora.platform.host.Contribution;
import agora.platform.host.Contributions;
import agora.platform.host.Mount;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contributions: one interface that several services answer, asked by a caller that names none of
 * them, in-process in one process and over each contributor's internal listener across two.
 */
class ContributionsTest {
    /** Every byte value, so base64 on the wire is tested on all of them. */
    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < ALL_BYTES.length; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    /** A contributing service; what it answers names itself and the member. */
    private static AgoraService contributor(String name) {
        return new AgoraService() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void mount(Mount mount) {
                mount.contribute(Parts.class, (territory, member) -> ExportPart.of(
                        ExportEntry.text("who.txt", name + " " + territory + " " + member),
                        new ExportEntry("files/all.bin", "application/octet-stream", ALL_BYTES)));
            }
        };
    }

    @Test
    void inOneProcessEveryContributorIsAskedAndOneRunningNowhereIsNamed() {
        try (TestHost host = TestHost.with(contributor("beta"), contributor("alpha")).territory("EG").start()) {
            Contributions<Parts> parts = host.host().contributions(Parts.class);
            List<Contribution<Parts>> reachable = parts.reachable();
            assertEquals(List.of("alpha", "beta"), reachable.stream().map(Contribution::service).toList(), "sorted");
            assertEquals(List.of("gamma"), parts.unreachable());
            UUID member = UUID.randomUUID();
            for (Contribution<Parts> contribution : reachable) {
                ExportPart part = contribution.answers().part(TerritoryCode.of("EG"), member);
                assertEquals(contribution.service() + " EG " + member,
                        new String(part.entries().get(0).content(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void fromAnotherProcessTheFirstProcesssContributorsAreAskedOverItsInternalListener() {
        try (TestHost first = TestHost.with(TestHost.service("territory"), contributor("alpha")).territory("EG").start();
             TestHost second = TestHost.with(contributor("beta")).besides(first).start()) {
            Contributions<Parts> parts = second.host().contributions(Parts.class);
            assertEquals(List.of("alpha", "beta"), parts.reachable().stream().map(Contribution::service).toList());
            UUID member = UUID.randomUUID();
            ExportPart alpha = parts.reachable().get(0).answers().part(TerritoryCode.of("EG"), member);
            assertEquals("alpha EG " + member, new String(alpha.entries().get(0).content(), StandardCharsets.UTF_8));
            assertEquals("files/all.bin", alpha.entries().get(1).name());
            assertArrayEquals(ALL_BYTES, alpha.entries().get(1).content(), "bytes cross as they are");
            // gamma runs nowhere; beta runs in the second process, which the first is not told of.
            assertEquals(List.of("gamma"), parts.unreachable());
            assertEquals(List.of("beta", "gamma"), first.host().contributions(Parts.class).unreachable());

            // The internal listener: a service token, and only contributions it answers.
            String path = "/internal/contributions/alpha/" + Parts.class.getName() + "/part";
            first.internal().post(path, Body.array("EG", member.toString())).problem(401, "unauthenticated");
            assertEquals(404, first.api().post(path, Body.array("EG", member.toString())).status(),
                    "not on the public listener");
        }
    }

    @Test
    void aServiceContributingWhatItsCatalogDoesNotDeclareStopsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestHost.with(contributor("delta")).territory("EG").start().close());
        assertTrue(refused.getMessage().contains("delta contributes to " + Parts.class.getName()), refused.getMessage());
    }

    @Test
    void aContributionNoCatalogListsHasNoContributorsAndAskingCostsNothing() {
        try (TestHost host = TestHost.with(contributor("alpha")).territory("EG").start()) {
            Contributions<Unclaimed> none = host.host().contributions(Unclaimed.class);
            assertEquals(List.of(), none.reachable());
            assertEquals(List.of(), none.unreachable());
            assertSame(none.reachable(), none.reachable(), "the same empty list at every call: nothing made");
        }
    }

    @Test
    void aTestsOwnCatalogDeclaresItsServiceToThatHostAndThoseBesideItAlone() {
        Catalog delta = new Catalog() {
            @Override
            public String service() {
                return "delta";
            }

            @Override
            public List<Class<?>> contributions() {
                return List.of(Parts.class);
            }
        };
        try (TestHost first = TestHost.with(TestHost.service("territory"), contributor("delta")).catalogs(delta)
                .territory("EG").start();
             TestHost second = TestHost.with(contributor("beta")).besides(first).start()) {
            assertEquals(List.of("delta"), first.host().contributions(Parts.class).reachable().stream()
                    .map(Contribution::service).toList());
            assertEquals(List.of("beta", "delta"), second.host().contributions(Parts.class).reachable().stream()
                    .map(Contribution::service).toList(), "the host beside it knows delta, and asks it over the wire");
            UUID member = UUID.randomUUID();
            ExportPart part = second.host().contributions(Parts.class).reachable().get(1).answers()
                    .part(TerritoryCode.of("EG"), member);
            assertEquals("delta EG " + member, new String(part.entries().get(0).content(), StandardCharsets.UTF_8));
        }
        // Declared to those hosts only: without it, delta's contribution still stops a start.
        assertThrows(IllegalStateException.class, () -> TestHost.with(contributor("delta")).territory("EG").start()
                .close());
    }

    /** A contribution interface no catalog lists: what a gatherer asks before any contributor exists. */
    public interface Unclaimed {
        /**
         * Anything.
         *
         * @param territory a territory
         * @return an answer
         */
        String answer(TerritoryCode territory);
    }
}
