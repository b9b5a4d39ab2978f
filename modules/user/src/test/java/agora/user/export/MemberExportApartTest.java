package agora.user.export;

import java.util.List;

import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.Contribution;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.user.UserService;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user service deployed apart from auth (its own image): the export still holds auth's part,
 * asked over auth's internal listener.
 */
class MemberExportApartTest {
    private static TestHost pod;
    private static TestHost apart;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth")).territory("ZA").start();
        apart = TestHost.with(new UserService()).besides(pod).start();
    }

    @AfterAll
    static void stop() {
        try {
            apart.close();
        } finally {
            pod.close();
        }
    }

    @Test
    void theArchiveHoldsAuthsPartAskedOverItsInternalListener() {
        assertEquals(List.of("user"), apart.host().services());
        assertEquals(List.of("auth", "user"), apart.host().contributions(MemberExportContribution.class).reachable()
                .stream().map(Contribution::service).toList());
        assertEquals(List.of("slow"), apart.host().contributions(MemberExportContribution.class).unreachable());
        Member admin = pod.signIns().admin();
        Member member = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);

        Archive archive = Archive.download(apart, member.access());
        JsonNode manifest = archive.json("manifest.json");
        assertEquals("ZA", manifest.get("territory").asText());
        assertEquals(2, manifest.get("parts").size(), manifest.toString());
        // The tests' own contributor runs nowhere: the archive says it could not be asked.
        assertEquals("[\"slow\"]", manifest.get("unavailable").toString());
        assertEquals(member.email(), archive.json("auth/account.json").get("email").asText());
        assertTrue(archive.json("auth/sessions.json").size() >= 1);
        assertEquals(member.id().toString(), archive.json("user/profile.json").get("id").asText());
        assertEquals(archive.json("auth/account.json").get("displayName").asText(),
                archive.json("user/profile.json").get("displayName").asText(), "the profile as the member sees it");
        assertTrue(!archive.text().contains(other.email()), "another member's data is not in it");
    }
}
