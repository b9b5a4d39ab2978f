package agora.auth;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.Contribution;
import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auth's share of a member's export: what it holds about the account, asked as the exporting
 * service asks it (in-process, and from another process over the internal listener), and never a
 * secret.
 */
class MemberExportTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("AU", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theAccountItsSessionsSuspensionsAndAuditEntriesAreExportedWithoutAnySecret() throws Exception {
        Member member = harness.member(admin);
        List<String> recoveryCodes = harness.enrol(member.email(), Member.PASSWORD, member.access());
        HttpResponse<String> suspended = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "Spam in the forum",
                        "until", harness.clock.instant().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()));
        assertEquals(200, suspended.statusCode(), suspended.body());

        ExportPart part = auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), member.id());
        assertEquals(List.of("account.json", "sessions.json", "invitations.json", "suspensions.json", "audit.json"),
                part.entries().stream().map(ExportEntry::name).toList());
        part.entries().forEach(entry -> assertEquals("application/json", entry.mediaType()));

        JsonNode account = file(part, "account.json");
        assertEquals(member.id().toString(), account.get("id").asText());
        assertEquals(member.email(), account.get("email").asText());
        assertEquals("suspended", account.get("status").asText());
        assertTrue(account.get("twoFactorEnabled").asBoolean());
        assertTrue(account.has("createdAt") && account.has("displayName") && account.has("roles"), account.toString());
        assertFalse(account.toString().toLowerCase(java.util.Locale.ROOT).contains("password"), account.toString());

        JsonNode sessions = file(part, "sessions.json");
        assertTrue(sessions.size() >= 1, sessions.toString());
        assertTrue(sessions.get(0).has("userAgent") && sessions.get(0).has("lastUsedAt"), sessions.toString());
        assertEquals("suspended", sessions.get(0).get("revokedReason").asText(), "the suspension ended the sessions");

        JsonNode suspension = file(part, "suspensions.json").get(0);
        assertEquals("Spam in the forum", suspension.get("reason").asText());
        assertEquals("manual", suspension.get("cause").asText());
        assertFalse(suspension.has("createdBy"), "the deciding admin is theirs to name, not the export's");

        JsonNode invitations = file(part, "invitations.json");
        assertTrue(invitations.get("registeredWith").has("invitation"), invitations.toString());

        JsonNode audit = file(part, "audit.json");
        List<String> actions = new ArrayList<>();
        audit.forEach(entry -> actions.add(entry.get("action").asText()));
        assertTrue(actions.stream().anyMatch(action -> action.startsWith("auth.account.suspend")), actions.toString());
        audit.forEach(entry -> {
            if (!entry.get("actor").asText().equals("self")) {
                assertFalse(entry.has("clientAddress") && !entry.get("clientAddress").isNull(),
                        "another's address stays out: " + entry);
            }
        });

        // Not one secret, in any spelling, anywhere in what the export holds or how it travels.
        String everything = text(part);
        for (String secret : secrets(member, recoveryCodes)) {
            assertFalse(everything.contains(secret), "a secret is in the export: " + secret);
        }
    }

    /**
     * What a member reads in the export must be true of each entry: how each session was held (a
     * browser's cookie, an app's token, the restricted session of a suspended member), the roles, and
     * for each audit entry whether they acted themselves (with their own address), another account
     * did, or nobody signed in did; oldest first.
     */
    @Test
    void eachSessionSaysHowItWasHeldAndEachAuditEntryWhoActed() throws Exception {
        Member member = harness.member(admin);
        HttpResponse<String> browser = harness.post("/api/auth/login", null, Body.of("email", member.email(),
                "password", Member.PASSWORD, "refreshTokenDelivery", "cookie"));
        assertEquals(200, browser.statusCode(), browser.body());
        assertEquals(401, harness.post("/api/auth/login", null, Body.of("email", member.email(),
                "password", "not the password")).statusCode());
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "Spam"))
                .statusCode();
        HttpResponse<String> appeal = harness.post("/api/auth/login", null, Body.of("email", member.email(),
                "password", Member.PASSWORD));
        assertEquals("appeal", harness.json(appeal).get("scope").asText());

        ExportPart part = auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), member.id());
        JsonNode account = file(part, "account.json");
        assertEquals(List.of(), roles(account));
        assertEquals(List.of("territory-admin"), roles(file(auth(harness.pod.host()
                .contributions(MemberExportContribution.class).reachable()).export(TerritoryCode.of("AU"), admin.id()),
                "account.json")));
        assertFalse(account.get("twoFactorEnabled").asBoolean());
        assertEquals("Spam", account.get("statusReason").asText());

        List<String> delivery = new ArrayList<>();
        List<Boolean> restricted = new ArrayList<>();
        file(part, "sessions.json").forEach(session -> {
            delivery.add(session.get("delivery").asText());
            restricted.add(session.get("restricted").asBoolean());
            assertEquals(List.of("pwd"), texts(session.get("amr")), session.toString());
        });
        assertEquals(List.of("token", "cookie", "token"), delivery, "registration's, the browser's, the appeal's");
        assertEquals(List.of(false, false, true), restricted);

        JsonNode audit = file(part, "audit.json");
        List<String> ids = new ArrayList<>();
        audit.forEach(entry -> ids.add(entry.get("id").asText()));
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        List<JsonNode> signIns = all(audit, "auth.login.succeeded");
        assertEquals(3, signIns.size(), audit.toString());
        for (JsonNode signedIn : signIns) {
            assertEquals("self", signedIn.get("actor").asText());
            assertEquals("127.0.0.1", signedIn.get("clientAddress").asText(), "their own address is theirs");
        }
        JsonNode failed = only(audit, "auth.login.failed");
        assertEquals("operator-or-anonymous", failed.get("actor").asText());
        assertTrue(failed.path("clientAddress").isNull() || failed.path("clientAddress").isMissingNode(), failed.toString());
        JsonNode suspended = only(audit, "auth.account.suspended");
        assertEquals("another-account", suspended.get("actor").asText());
        assertEquals(member.id().toString(), suspended.get("target").asText());
    }

    private static JsonNode only(JsonNode audit, String action) {
        List<JsonNode> found = all(audit, action);
        assertEquals(1, found.size(), action + " in " + audit);
        return found.getFirst();
    }

    private static List<JsonNode> all(JsonNode audit, String action) {
        List<JsonNode> found = new ArrayList<>();
        audit.forEach(entry -> {
            if (entry.get("action").asText().equals(action)) {
                found.add(entry);
            }
        });
        return found;
    }

    private static List<String> roles(JsonNode account) {
        return texts(account.get("roles"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void theAdminsInvitationsAreHisAndNoOtherMembersDataIsInAnExport() throws Exception {
        Member first = harness.member(admin);
        Member second = harness.member(admin);
        HttpResponse<String> noted = harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", 3, "role", "moderator", "note", "for the moderators"));
        assertEquals(201, noted.statusCode(), noted.body());
        ExportPart adminPart = auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), admin.id());
        JsonNode created = file(adminPart, "invitations.json").get("created");
        assertTrue(created.size() >= 3, created.toString());
        JsonNode invitation = null;
        for (JsonNode candidate : created) {
            if (candidate.get("id").asText().equals(harness.json(noted).get("id").asText())) {
                invitation = candidate;
            }
        }
        assertTrue(invitation != null, "the new invitation is in " + created);
        assertEquals("for the moderators", invitation.get("note").asText());
        assertEquals("moderator", invitation.get("role").asText());
        assertEquals(3, invitation.get("maxUses").asInt());
        assertEquals(0, invitation.get("uses").asInt());
        assertEquals(harness.json(noted).get("expiresAt").asText(), invitation.get("expiresAt").asText());
        assertFalse(invitation.toString().contains(harness.json(noted).get("token").asText()), "never the token");

        ExportPart part = auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), first.id());
        String text = text(part);
        assertTrue(text.contains(first.email()));
        assertFalse(text.contains(second.email()));
        assertFalse(text.contains(second.id().toString()));
        assertFalse(text.contains(admin.email()));

        assertTrue(auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), UUID.randomUUID()).entries().isEmpty(), "no account: nothing");
    }

    @Test
    void anotherProcessGetsTheSamePartOverTheInternalListener() throws Exception {
        Member member = harness.member(admin);
        List<Contribution<MemberExportContribution>> apart = harness.otherProcess.host()
                .contributions(MemberExportContribution.class).reachable();
        assertEquals(List.of("auth"), apart.stream().map(Contribution::service).toList());
        ExportPart remote = auth(apart).export(TerritoryCode.of("AU"), member.id());
        ExportPart local = auth(harness.pod.host().contributions(MemberExportContribution.class).reachable())
                .export(TerritoryCode.of("AU"), member.id());
        assertEquals(local.entries().size(), remote.entries().size());
        for (int i = 0; i < local.entries().size(); i++) {
            assertEquals(local.entries().get(i).name(), remote.entries().get(i).name());
            assertArrayEquals(local.entries().get(i).content(), remote.entries().get(i).content());
        }
        assertEquals(member.email(), file(remote, "account.json").get("email").asText());
    }

    private static MemberExportContribution auth(List<Contribution<MemberExportContribution>> contributions) {
        return contributions.stream().filter(contribution -> contribution.service().equals("auth")).findFirst()
                .orElseThrow(() -> new AssertionError("auth does not contribute: " + contributions)).answers();
    }

    private static JsonNode file(ExportPart part, String name) throws Exception {
        ExportEntry entry = part.entries().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
        return harness.json(new String(entry.content(), StandardCharsets.UTF_8));
    }

    /** The files' bytes as text, and the part as JSON carries it between processes (base64). */
    private static String text(ExportPart part) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ExportEntry entry : part.entries()) {
            all.write(entry.content());
            all.write('\n');
        }
        all.write(harness.platform.json().mapper().writeValueAsBytes(part));
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Every secret auth keeps for the member, as stored and as sent, in the spellings an archive could hold. */
    private static List<String> secrets(Member member, List<String> recoveryCodes) {
        List<byte[]> hashes = new ArrayList<>();
        List<String> texts = new ArrayList<>(recoveryCodes);
        texts.add(Member.PASSWORD);
        texts.add(member.refresh());
        texts.add(member.access());
        byte[] totp = harness.secret(member.email());
        hashes.add(totp);
        texts.add(Totp.base32(totp));
        harness.platform.database().inTerritory(TerritoryCode.of("AU"), db -> {
            db.get("SELECT password_hash FROM auth_accounts WHERE id = ?", member.id())
                    .ifPresent(row -> texts.add(row.column("password_hash").get(String.class)));
            db.query("SELECT secret_encrypted AS secret FROM auth_two_factor WHERE account_id = ? "
                    + "UNION ALL SELECT code_hash FROM auth_recovery_codes WHERE account_id = ? "
                    + "UNION ALL SELECT t.token_hash FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id "
                    + "WHERE s.account_id = ? "
                    + "UNION ALL SELECT csrf_hash FROM auth_sessions WHERE account_id = ? AND csrf_hash IS NOT NULL "
                    + "UNION ALL SELECT i.token_hash FROM auth_invitations i JOIN auth_invitation_uses u "
                    + "ON u.invitation_id = i.id WHERE u.account_id = ?",
                    member.id(), member.id(), member.id(), member.id(), member.id())
                    .forEach(row -> hashes.add(row.column("secret").get(byte[].class)));
            return null;
        });
        assertTrue(hashes.size() >= 1 + 1 + 10 + 1 + 1, "the secrets were found: " + hashes.size());
        for (byte[] hash : hashes) {
            texts.add(HexFormat.of().formatHex(hash));
            texts.add(HexFormat.of().withUpperCase().formatHex(hash));
            texts.add(Base64.getEncoder().encodeToString(hash));
            texts.add(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        }
        return texts.stream().filter(text -> text.length() >= 8).collect(Collectors.toList());
    }
}
