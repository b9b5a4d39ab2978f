package agora.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import agora.auth.api.AuthKeys;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.dbclient.DbExecute;

/**
 * The signing keys of every territory: a {@code current} key that signs, a {@code next} key that is
 * already published so that verifiers hold it before it signs, and {@code retired} keys that stay
 * published until no token they signed can still be valid.
 */
final class KeyRing {
    private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType(AuthKeys.ACCESS_TOKEN_TYPE);
    private static final int KEY_BITS = 2048;

    private final Database database;
    private final KeySecret secret;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Duration publishedAfterRetirement;
    private final Map<TerritoryCode, Signer> signers = new ConcurrentHashMap<>();

    /**
     * A key ring.
     *
     * @param database                 the database (each territory's schema holds its keys)
     * @param secret                   the key-encryption key
     * @param clock                    the clock
     * @param ids                      UUIDv7 key ids
     * @param publishedAfterRetirement how long a retired key stays published: the longest access-token
     *                                 lifetime plus the verifiers' clock skew
     */
    KeyRing(Database database, KeySecret secret, Clock clock, Supplier<UUID> ids, Duration publishedAfterRetirement) {
        this.database = database;
        this.secret = secret;
        this.clock = clock;
        this.ids = ids;
        this.publishedAfterRetirement = publishedAfterRetirement;
    }

    /**
     * Makes sure a territory has a current and a next key, drops expired retired keys, and checks
     * that the current key decrypts with the configured secret.
     *
     * @param territory the territory
     * @return the keys now held
     * @throws KeyDecryptionException when the secret is not the one the keys were encrypted with
     */
    KeyRotation ensure(TerritoryCode territory) {
        KeyRotation keys = database.inTerritory(territory, db -> {
            SigningKeyStore.lock(db);
            return ensure(db, clock.instant());
        });
        privateKey(territory, current(territory));
        return keys;
    }

    /**
     * Rotates a territory's keys: next becomes current (it has been published since it was made),
     * current retires (published until its last token has expired), and a new next is made.
     *
     * @param territory the territory
     * @return the keys after the rotation
     */
    KeyRotation rotate(TerritoryCode territory) {
        KeyRotation rotated = rotateKeys(territory);
        // After the commit: a token signed meanwhile may have cached the key that just retired.
        signers.remove(territory);
        return rotated;
    }

    private KeyRotation rotateKeys(TerritoryCode territory) {
        return database.inTerritory(territory, db -> {
            SigningKeyStore.lock(db);
            Instant now = clock.instant();
            ensure(db, now);
            SigningKeyStore.retireCurrent(db, now, now.plus(publishedAfterRetirement));
            SigningKeyStore.activateNext(db, now);
            addNext(db, now);
            return summary(SigningKeyStore.all(db));
        });
    }

    /**
     * The public keys a territory publishes: next, current, and retired keys not yet expired.
     *
     * @param territory the territory
     * @return the key set as JWKS JSON, public parts only
     */
    String jwks(TerritoryCode territory) {
        return jwks(List.of(territory));
    }

    /**
     * The public keys of several territories in one key set (the pod's in-process verification
     * checks tokens of every territory; kids are UUIDs, so they never collide).
     *
     * @param territories the territories
     * @return the key set as JWKS JSON, public parts only
     */
    String jwks(List<TerritoryCode> territories) {
        Instant now = clock.instant();
        List<JWK> keys = new ArrayList<>();
        for (TerritoryCode territory : territories) {
            List<SigningKey> held = database.inTerritory(territory, SigningKeyStore::all);
            if (held.stream().noneMatch(key -> key.status() == SigningKey.Status.CURRENT)) {
                // A territory created since start (here or by another replica) gets its keys on first use.
                ensure(territory);
                held = database.inTerritory(territory, SigningKeyStore::all);
            }
            held.stream()
                    .filter(key -> key.expiresAt().map(now::isBefore).orElse(true))
                    .map(KeyRing::publicJwk)
                    .forEach(keys::add);
        }
        return new JWKSet(keys).toString(true);
    }

    /**
     * Signs claims as an access token of a territory with its current key.
     *
     * @param territory the territory
     * @param claims    the claims
     * @return the compact JWS: RS256, {@code typ at+jwt}, {@code kid} of the current key
     */
    String sign(TerritoryCode territory, JWTClaimsSet claims) {
        Signer signer = signer(territory);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(ACCESS_TOKEN)
                .keyID(signer.kid().toString())
                .build(), claims);
        try {
            jwt.sign(signer.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + signer.kid() + " failed", e);
        }
        return jwt.serialize();
    }

    /*
     * The current key, decrypted, kept for SIGNER_REUSE: reading, decrypting and parsing it for every
     * token cost a transaction and ~3 % of a login. A rotation here drops it at once; after one by
     * another replica this one signs with the retired key for at most that long, which stays
     * published until its tokens expire.
     */
    private static final Duration SIGNER_REUSE = Duration.ofSeconds(30);

    private Signer signer(TerritoryCode territory) {
        Instant now = clock.instant();
        Signer cached = signers.get(territory);
        if (cached != null && now.isBefore(cached.loadedAt().plus(SIGNER_REUSE))) {
            return cached;
        }
        SigningKey current = current(territory);
        Signer fresh = new Signer(current.kid(), new RSASSASigner(privateKey(territory, current)), now);
        signers.put(territory, fresh);
        return fresh;
    }

    private record Signer(UUID kid, RSASSASigner signer, Instant loadedAt) {
    }

    private SigningKey current(TerritoryCode territory) {
        return database.inTerritory(territory, SigningKeyStore::all).stream()
                .filter(key -> key.status() == SigningKey.Status.CURRENT)
                .findFirst()
                .orElseGet(() -> {
                    ensure(territory);
                    return current(territory);
                });
    }

    private RSAPrivateKey privateKey(TerritoryCode territory, SigningKey key) {
        byte[] pkcs8;
        try {
            pkcs8 = secret.open(key.privateKeyEncrypted(), associatedData(key.kid()));
        } catch (KeyDecryptionException e) {
            throw new KeyDecryptionException("key " + key.kid() + " of territory " + territory.value(), e);
        }
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signing key " + key.kid() + " is not an RSA PKCS#8 key", e);
        }
    }

    private KeyRotation ensure(DbExecute db, Instant now) {
        SigningKeyStore.deleteExpired(db, now);
        List<SigningKey> keys = SigningKeyStore.all(db);
        boolean hasCurrent = keys.stream().anyMatch(key -> key.status() == SigningKey.Status.CURRENT);
        boolean hasNext = keys.stream().anyMatch(key -> key.status() == SigningKey.Status.NEXT);
        if (!hasCurrent) {
            // A new territory: its first key signs at once, since no verifier can hold tokens of it yet.
            if (!hasNext) {
                addNext(db, now);
            }
            SigningKeyStore.activateNext(db, now);
        }
        if (!hasCurrent || !hasNext) {
            addNext(db, now);
        }
        return summary(SigningKeyStore.all(db));
    }

    private void addNext(DbExecute db, Instant now) {
        UUID kid = ids.get();
        RSAKey key;
        try {
            key = new RSAKeyGenerator(KEY_BITS)
                    .keyID(kid.toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        byte[] pkcs8;
        try {
            pkcs8 = key.toPrivateKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encode the generated key", e);
        }
        SigningKeyStore.insertNext(db, kid, key.toPublicJWK().toJSONString(),
                secret.seal(pkcs8, associatedData(kid)), now);
    }

    private static KeyRotation summary(List<SigningKey> keys) {
        String current = find(keys, SigningKey.Status.CURRENT);
        String next = find(keys, SigningKey.Status.NEXT);
        List<String> retired = keys.stream()
                .filter(key -> key.status() == SigningKey.Status.RETIRED)
                .map(key -> key.kid().toString())
                .toList();
        return new KeyRotation(current, next, retired);
    }

    private static String find(List<SigningKey> keys, SigningKey.Status status) {
        return keys.stream().filter(key -> key.status() == status).map(key -> key.kid().toString())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + status.wire() + " signing key"));
    }

    private static JWK publicJwk(SigningKey key) {
        try {
            return JWK.parse(key.publicJwk()).toPublicJWK();
        } catch (ParseException e) {
            throw new IllegalStateException("stored public key " + key.kid() + " is no JWK", e);
        }
    }

    private static byte[] associatedData(UUID kid) {
        return Objects.toString(kid).getBytes(StandardCharsets.US_ASCII);
    }
}
