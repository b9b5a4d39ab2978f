package agora.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Platform;
import agora.platform.host.testing.TestHost;
import agora.platform.security.Principal;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.token.TokenVerifier;
import agora.platform.testing.TestClock;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.dbclient.DbRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing keys of a territory: stored encrypted, rotated, published, and signing verifiable tokens. */
class KeyRingTest {
    private static final String ISSUER = "https://auth.agora.test";
    private static final Duration RETAINED = Duration.ofMinutes(11);
    private static final TestClock CLOCK = new TestClock(Instant.now());
    private static TestHost pod;
    private static Platform platform;

    private final KeyRing ring = ring(TestHost.KEYS_SECRET);

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory("CY").start();
        platform = pod.host().platform();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    /** A territory created through the territory service (auth's tables and first keys come with it). */
    private static TerritoryCode territory(String code) {
        pod.createTerritory(code);
        return TerritoryCode.of(code);
    }

    @Test
    void eachSealingDrawsAFreshNonceAndEachSecretIsFreshlyDrawn() {
        // AES-GCM under one key with a repeated nonce gives away the plain text and the tag key.
        KeySecret secret = KeySecret.of(KeySecret.generate());
        byte[] plain = "the same private key".getBytes(StandardCharsets.UTF_8);
        byte[] first = secret.seal(plain, new byte[] {1});
        byte[] second = secret.seal(plain, new byte[] {1});
        assertFalse(Arrays.equals(Arrays.copyOf(first, 12), Arrays.copyOf(second, 12)), "two sealings, two nonces");
        assertArrayEquals(plain, secret.open(second, new byte[] {1}));
        assertNotEquals(KeySecret.generate(), KeySecret.generate());
        assertFalse(Arrays.equals(new byte[32], java.util.Base64.getDecoder().decode(KeySecret.generate())),
                "a generated secret is not all zeros");
    }

    @Test
    void aSecretWrittenInUrlSafeBase64IsTheSameSecret() {
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb; // encodes with "+" or "-"
        raw[1] = (byte) 0xff;
        KeySecret standard = KeySecret.of(java.util.Base64.getEncoder().encodeToString(raw));
        KeySecret urlSafe = KeySecret.of(java.util.Base64.getUrlEncoder().encodeToString(raw));
        byte[] sealed = standard.seal(new byte[] {42}, new byte[] {7});
        assertArrayEquals(new byte[] {42}, urlSafe.open(sealed, new byte[] {7}));
    }

    @Test
    void aTerritoryStartsWithACurrentAndANextKeyBothPublished() throws Exception {
        TerritoryCode territory = territory("CY");
        KeyRotation keys = ring.ensure(territory);
        assertEquals(keys, ring.ensure(territory), "ensuring again changes nothing");
        assertEquals(List.of(), keys.retired());
        assertEquals(Set.of(keys.current(), keys.next()), kids(ring.jwks(territory)));
    }

    /**
     * Whatever key a territory lacks is made when it is ensured (at every start): none gives a
     * current and a next; a lost next is made again; a lost current is replaced by the next, which
     * verifiers already hold, and a new next. Keys are removed here first, so this holds on a
     * database where the territory already had its keys.
     */
    @Test
    void ensuringMakesWhateverKeyATerritoryLacks() throws Exception {
        TerritoryCode territory = territory("BZ");
        deleteKeys(territory, "TRUE");
        KeyRotation fresh = ring.ensure(territory);
        assertEquals(List.of("current", "next"), statuses(territory));

        deleteKeys(territory, "status = 'next'");
        KeyRotation nextAgain = ring.ensure(territory);
        assertEquals(fresh.current(), nextAgain.current(), "the current key stays");
        assertNotEquals(fresh.next(), nextAgain.next());
        assertEquals(List.of("current", "next"), statuses(territory));

        deleteKeys(territory, "status = 'current'");
        KeyRotation promoted = ring.ensure(territory);
        assertEquals(nextAgain.next(), promoted.current(), "the published next signs");
        assertEquals(List.of("current", "next"), statuses(territory));

        // Keys gone under a running pod are made again at the next signature, which they verify.
        deleteKeys(territory, "TRUE");
        String token = ring.sign(territory, claims(territory));
        assertEquals(List.of("current", "next"), statuses(territory));
        assertTrue(kids(ring.jwks(territory)).contains(SignedJWT.parse(token).getHeader().getKeyID()));
    }

    private static void deleteKeys(TerritoryCode territory, String which) {
        platform.database().inTerritory(territory, db -> db.dml("DELETE FROM auth_signing_keys WHERE " + which));
    }

    private static List<String> statuses(TerritoryCode territory) {
        return platform.database().inTerritory(territory, db -> db.query(
                "SELECT status FROM auth_signing_keys ORDER BY status").map(row -> row.column("status")
                .get(String.class)).toList());
    }

    @Test
    void privateKeysAreStoredEncryptedUnderTheSecret() throws Exception {
        TerritoryCode territory = territory("NL");
        KeyRotation keys = ring.ensure(territory);
        DbRow row = platform.database().inTerritory(territory, db -> db.get(
                "SELECT private_key_encrypted, public_jwk::text AS jwk FROM auth_signing_keys WHERE kid = ?",
                UUID.fromString(keys.current())).orElseThrow());
        byte[] stored = row.column("private_key_encrypted").get(byte[].class);
        byte[] pkcs8 = KeySecret.of(TestHost.KEYS_SECRET).open(stored, keys.current().getBytes(StandardCharsets.US_ASCII));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        // The decrypted PKCS#8 is the private half of the published key, and the stored bytes are not it.
        assertEquals(((RSAKey) JWK.parse(row.column("jwk").get(String.class))).getModulus().decodeToBigInteger(),
                key.getModulus());
        assertFalse(Arrays.equals(pkcs8, stored));
        assertFalse(contains(stored, Arrays.copyOfRange(pkcs8, 0, 64)), "no plain PKCS#8 inside the stored value");
        assertFalse(row.column("jwk").get(String.class).contains("\"d\""));
    }

    @Test
    void theWrongSecretFailsClearlyAtStart() {
        TerritoryCode territory = territory("LU");
        ring.ensure(territory);
        KeyDecryptionException failure = assertThrows(KeyDecryptionException.class,
                () -> ring(KeySecret.generate()).ensure(territory));
        assertTrue(failure.getMessage().contains("AGORA_AUTH_KEYS_SECRET"), failure.getMessage());
        assertTrue(failure.getMessage().contains("LU"), failure.getMessage());
    }

    @Test
    void rotationPromotesTheNextKeyAndKeepsTheOldOnePublishedUntilItsTokensExpire() throws Exception {
        TerritoryCode territory = territory("FR");
        KeyRotation before = ring.ensure(territory);
        KeyRotation after = ring.rotate(territory);
        assertEquals(before.next(), after.current(), "the key published in advance signs now");
        assertEquals(List.of(before.current()), after.retired());
        assertFalse(Set.of(before.current(), before.next()).contains(after.next()));
        assertEquals(Set.of(before.current(), after.current(), after.next()), kids(ring.jwks(territory)));

        CLOCK.advance(RETAINED.minusSeconds(1));
        assertEquals(3, kids(ring.jwks(territory)).size(), "still published just before expiry");
        CLOCK.advance(Duration.ofSeconds(2));
        assertEquals(Set.of(after.current(), after.next()), kids(ring.jwks(territory)));
        assertEquals(List.of(), ring.ensure(territory).retired(), "expired keys are deleted");
        long rows = platform.database().inTerritory(territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_signing_keys").orElseThrow().column("n").get(Long.class));
        assertEquals(2, rows);
    }

    @Test
    void tokensVerifyWithThePublishedKeysAlsoAcrossARotation() throws Exception {
        TerritoryCode territory = territory("IT");
        KeyRotation before = ring.ensure(territory);
        String old = ring.sign(territory, claims(territory));
        SignedJWT parsed = SignedJWT.parse(old);
        assertEquals(before.current(), parsed.getHeader().getKeyID());
        assertEquals("at+jwt", parsed.getHeader().getType().getType());
        assertEquals("RS256", parsed.getHeader().getAlgorithm().getName());
        Principal principal = verifier(territory).verify(old, territory);
        assertEquals(territory, principal.territory());

        KeyRotation after = ring.rotate(territory);
        String fresh = ring.sign(territory, claims(territory));
        assertEquals(after.current(), SignedJWT.parse(fresh).getHeader().getKeyID());
        TokenVerifier verifier = verifier(territory);
        verifier.verify(old, territory);
        verifier.verify(fresh, territory);
    }

    @Test
    void aTokenOfAnotherTerritoryIsRefused() {
        TerritoryCode spain = territory("ES");
        TerritoryCode poland = territory("PL");
        ring.ensure(spain);
        String token = ring.sign(spain, claims(spain));
        ProblemException refused = assertThrows(ProblemException.class, () -> verifier(poland).verify(token, poland));
        assertEquals(401, refused.kind().status());
    }

    @Test
    void theLocalSecretIsGeneratedOnceWithOwnerOnlyPermissions(@TempDir Path home) throws Exception {
        Path file = home.resolve(KeySecret.LOCAL_FILE);
        KeySecret first = KeySecret.local(file);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        byte[] sealed = first.seal("secret".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), KeySecret.local(file).open(sealed, new byte[] {1}));
        assertThrows(KeyDecryptionException.class, () -> first.open(sealed, new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> KeySecret.of("c2hvcnQ="));
    }

    private KeyRing ring(String secret) {
        return new KeyRing(platform.database(), KeySecret.of(secret), CLOCK, platform.ids()::next, RETAINED);
    }

    private TokenVerifier verifier(TerritoryCode territory) {
        PublicKeys keys = PublicKeys.inProcess(() -> ring.jwks(List.of(territory)), CLOCK, Duration.ofSeconds(1),
                Duration.ofMinutes(5));
        return new TokenVerifier(ISSUER, keys, CLOCK, Duration.ofSeconds(60), 100);
    }

    private static JWTClaimsSet claims(TerritoryCode territory) {
        Instant now = CLOCK.instant();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(UUID.randomUUID().toString())
                .audience(TokenVerifier.audience(territory))
                .claim("sid", UUID.randomUUID().toString())
                .claim("roles", List.of())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .build();
    }

    static Set<String> kids(String jwks) throws Exception {
        JWKSet set = JWKSet.parse(jwks);
        for (JWK key : set.getKeys()) {
            assertFalse(key.isPrivate(), "no private part is published");
        }
        return set.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
