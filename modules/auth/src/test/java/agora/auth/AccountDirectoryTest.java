package agora.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import agora.auth.api.AccountDirectory;
import agora.auth.api.AccountDirectory.PublicAccount;
import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account directory other services read (the user service's profiles of earlier members). */
class AccountDirectoryTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("AR");
    private static TestHost pod;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory(TERRITORY.value()).start();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void pagesListEveryAccountOnceWithItsDisplayNameAndLeaveTheDeletedOut() {
        Member admin = pod.signIns().admin();
        Member kept = pod.signIns().member(admin);
        Member gone = pod.signIns().member(admin);
        pod.api().as(gone.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        AccountDirectory directory = pod.host().facts(AccountDirectory.class);

        List<PublicAccount> all = new ArrayList<>();
        UUID after = AccountDirectory.FIRST;
        while (true) {
            List<PublicAccount> page = directory.page(TERRITORY, after, 2);
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            after = page.getLast().id();
        }
        Set<UUID> ids = all.stream().map(PublicAccount::id).collect(Collectors.toSet());
        assertEquals(all.size(), ids.size(), "no account twice");
        assertTrue(ids.containsAll(List.of(admin.id(), kept.id())));
        assertFalse(ids.contains(gone.id()), "a deleted account is not listed");
        PublicAccount listed = all.stream().filter(account -> account.id().equals(kept.id())).findFirst().orElseThrow();
        assertEquals("Member " + kept.email().substring(0, kept.email().indexOf('@')), listed.displayName());
    }

    @Test
    void findAnswersTheAccountsThatExistAndAreNotDeleted() {
        Member admin = pod.signIns().admin();
        Member gone = pod.signIns().member(admin);
        pod.api().as(gone.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        AccountDirectory directory = pod.host().facts(AccountDirectory.class);

        List<PublicAccount> found = directory.find(TERRITORY, List.of(admin.id(), gone.id(), UUID.randomUUID()));
        assertEquals(List.of(admin.id()), found.stream().map(PublicAccount::id).toList());
        assertEquals(List.of(), directory.find(TERRITORY, List.of()));
    }

    @Test
    void findTakesAPagesWorthOfIdsAndRefusesMore() {
        Member admin = pod.signIns().admin();
        AccountDirectory directory = pod.host().facts(AccountDirectory.class);
        List<UUID> ids = new ArrayList<>(List.of(admin.id()));
        while (ids.size() < AccountDirectory.MAX_PAGE) {
            ids.add(UUID.randomUUID());
        }
        assertEquals(List.of(admin.id()), directory.find(TERRITORY, ids).stream().map(PublicAccount::id).toList());
        ids.add(UUID.randomUUID());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> directory.find(TERRITORY, ids));
        assertEquals("at most " + AccountDirectory.MAX_PAGE + " ids", refused.getMessage());
    }
}
