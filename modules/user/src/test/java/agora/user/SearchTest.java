package agora.user;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Search by handle and display name: prefix and fuzzy, ranked, folded as a Nordic reader expects
 * (decision 107), paged, and blind to blocked members both ways.
 */
class SearchTest {
    private static TestHost pod;
    private static Member admin;
    private static Member searcher;
    private static Member sorensenWithO;
    private static Member sorensenWithSlash;
    private static Member dahlie;
    private static Member jose;
    private static Member ase;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("BR").start();
        admin = pod.signIns().admin();
        searcher = pod.signIns().member(admin);
        sorensenWithO = named("Karen Sorensen");
        sorensenWithSlash = named("Karen Sørensen");
        dahlie = named("Bjørn Dæhlie");
        jose = named("José Müller");
        ase = named("Åse Lindqvist");
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void nordicLettersAreLettersOfTheirOwn() {
        assertEquals(List.of(id(sorensenWithSlash)), ids("Sør"), "ø is not o");
        assertEquals(List.of(id(sorensenWithO)), ids("Sor"), "and o is not ø");
        List<String> full = ids("Sorensen");
        assertEquals(id(sorensenWithO), full.getFirst(), "the exact spelling ranks first");
        assertEquals(List.of(id(dahlie)), ids("dæh"));
        assertFalse(ids("dah").contains(id(dahlie)));
        assertFalse(ids("daeh").contains(id(dahlie)), "æ is not ae");
        assertEquals(List.of(id(ase)), ids("åse"));
        assertFalse(ids("ase").contains(id(ase)), "å is not a");
        assertEquals(List.of(id(ase)), ids("ÅSE"), "case folds");
    }

    @Test
    void accentsFoldAsReadersExpect() {
        assertEquals(List.of(id(jose)), ids("jose"));
        assertEquals(List.of(id(jose)), ids("muller"));
        assertEquals(List.of(id(jose)), ids("MÜL"));
    }

    @Test
    void aTypoStillFindsTheMemberByTrigramsAndPrefixMatchesRankFirst() {
        assertTrue(ids("Sorensn").contains(id(sorensenWithO)), "fuzzy");
        assertTrue(ids("Lindqvst").contains(id(ase)));
        List<String> karens = ids("karen");
        assertTrue(karens.subList(0, 2).containsAll(List.of(id(sorensenWithO), id(sorensenWithSlash))), karens.toString());
    }

    @Test
    void handlesAreFoundByPrefix() {
        Member fan = pod.signIns().member(admin);
        String handle = "fjordfan_" + fan.id().toString().substring(30);
        pod.api().as(fan.access()).patch("/api/users/me", Body.of("handle", handle)).expect(200);
        assertEquals(List.of(fan.id().toString()), ids(handle.substring(0, 14)));
        JsonNode first = search(pod.api(), handle).get("items").get(0);
        assertEquals(handle, first.get("handle").asText());
    }

    @Test
    void resultsArePagedWithoutRepeatsAndBadCursorsAndQueriesAreRefused() {
        List<String> all = ids("karen");
        List<String> paged = new ArrayList<>();
        String path = "/api/users/search?q=karen&limit=1";
        JsonNode page = pod.api().get(path).expect(200).json();
        while (true) {
            page.get("items").forEach(item -> paged.add(item.get("id").asText()));
            if (page.get("next").isNull()) {
                break;
            }
            page = pod.api().get(path + "&cursor=" + page.get("next").asText()).expect(200).json();
        }
        assertEquals(all, paged);
        assertEquals(paged.size(), new HashSet<>(paged).size());
        String next = pod.api().get(path).expect(200).json().get("next").asText();
        pod.api().get("/api/users/search?q=karin&limit=1&cursor=" + next).problem(400, "invalid-cursor");
        pod.api().get("/api/users/search?q=karen&cursor=nonsense").problem(400, "invalid-cursor");
        pod.api().get("/api/users/search").problem(400, "invalid-parameter");
        pod.api().get("/api/users/search?q=%20%21%3F").problem(400, "invalid-parameter");
        pod.api().get("/api/users/search?q=" + "a".repeat(101)).problem(400, "invalid-parameter");
        pod.api().get("/api/users/search?q=a%00b").problem(400, "invalid-parameter");
    }

    @Test
    void blockedMembersDoNotFindEachOther() {
        Member blocker = named("Ingrid Blockmeister");
        Member blocked = named("Ingrid Blockedsen");
        pod.api().as(blocker.access()).post("/api/users/" + blocked.id() + "/block", null).expect(200);
        assertFalse(ids(pod.api().as(blocked.access()), "Blockmeister").contains(id(blocker)));
        assertFalse(ids(pod.api().as(blocker.access()), "Blockedsen").contains(id(blocked)));
        assertTrue(ids("Blockmeister").contains(id(blocker)), "others still find them");
        assertFalse(ids(pod.api().as(blocked.access()), "Blockmeistr").contains(id(blocker)), "nor by another spelling");
        assertTrue(ids("Blockmeistr").contains(id(blocker)));
    }

    @Test
    void aPhraseMisspeltInEveryWordFindsTheMembersOfItsNearestSpellingsPagedWithoutRepeats() {
        Member ulrikke = named("Ulrikke Brannvoll");
        assertEquals(List.of(id(ulrikke)), ids("Ulrikek Brannvol"), "the nearest spelling anyone has");
        Member ulrikka = named("Ulrikka Brannvoll");
        List<String> found = ids("Ulrikek Brannvol");
        assertEquals(List.of(id(ulrikka), id(ulrikke)), found,
                "ulrikka and ulrikke are equally near: their spellings take turns by their letters");
        assertEquals(found, paged("Ulrikek Brannvol"));
        List<String> karens = ids("karen");
        assertEquals(karens, paged("karen"), "from the prefix tier into the other spellings");
    }

    @Test
    void aNameGivenUpIsNeitherFoundNorOfferedAsASpelling() {
        Member member = named("Wilhelmina Quarrington");
        assertEquals(List.of(id(member)), ids("Quarringtn"));
        pod.api().as(member.access()).patch("/api/users/me", Body.of("displayName", "Wilhelmina Hart")).expect(200);
        assertEquals(List.of(), ids("Quarrington"));
        assertEquals(List.of(), ids("Quarringtn"));
        assertEquals(List.of(id(member)), ids("Wilhelmina Hart"));
        Database database = pod.host().platform().database();
        long known = database.inTerritory(TerritoryCode.of("BR"), db -> db.get(
                "SELECT count(*) AS n FROM user_search_vocabulary WHERE word = 'quarrington'").orElseThrow()
                .column("n").get(Long.class));
        assertEquals(0, known, "the word left the vocabulary with the last profile that used it");
    }

    private static List<String> paged(String q) {
        List<String> paged = new ArrayList<>();
        String path = "/api/users/search?limit=1&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
        ApiClient client = pod.api().as(searcher.access());
        JsonNode page = client.get(path).expect(200).json();
        while (true) {
            page.get("items").forEach(item -> paged.add(item.get("id").asText()));
            if (page.get("next").isNull()) {
                return paged;
            }
            page = client.get(path + "&cursor=" + page.get("next").asText()).expect(200).json();
        }
    }

    private static Member named(String name) {
        Member member = pod.signIns().member(admin);
        pod.api().as(member.access()).patch("/api/users/me", Body.of("displayName", name)).expect(200);
        return member;
    }

    private static List<String> ids(String q) {
        return ids(pod.api().as(searcher.access()), q);
    }

    private static List<String> ids(ApiClient client, String q) {
        List<String> ids = new ArrayList<>();
        search(client, q).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static JsonNode search(ApiClient client, String q) {
        return client.get("/api/users/search?limit=100&q=" + java.net.URLEncoder.encode(q,
                java.nio.charset.StandardCharsets.UTF_8)).expect(200).json();
    }

    private static String id(Member member) {
        return member.id().toString();
    }
}
