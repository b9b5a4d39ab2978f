package agora.platform.security.token;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;
import agora.platform.security.SecurityMessages;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A key set loaded from a JWKS document (in-process or over HTTP), held as an immutable snapshot
 * that requests read without locking; loads are serialised, so a burst of unknown {@code kid}s
 * waits for one load instead of causing many.
 */
final class JwksKeys implements PublicKeys {
    private static final System.Logger LOG = System.getLogger(JwksKeys.class.getName());
    private static final int MIN_RSA_BITS = 2048;

    private final String source;
    private final Callable<String> load;
    private final Clock clock;
    private final Duration refetchInterval;
    private final Duration maxAge;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Snapshot snapshot;
    /** When a load was last tried; guarded by {@code loading}. */
    private Instant lastAttempt;

    JwksKeys(String source, Callable<String> load, Clock clock, Duration refetchInterval, Duration maxAge) {
        this.source = source;
        this.load = load;
        this.clock = clock;
        this.refetchInterval = refetchInterval;
        this.maxAge = maxAge;
    }

    @Override
    public Optional<RSAPublicKey> find(String kid) {
        Snapshot current = snapshot;
        if (current == null) {
            reload();
            current = snapshot;
        } else if (!clock.instant().isBefore(current.loadedAt().plus(maxAge)) && loading.tryLock()) {
            // Merely stale: one request reloads, the others go on with the keys they have.
            try {
                reloadLocked();
            } finally {
                loading.unlock();
            }
            current = snapshot;
        }
        if (current == null) {
            // Without any key no token can be judged: that is our outage, not the client's fault.
            throw new ProblemException(ProblemKind.UNAVAILABLE, SecurityMessages.MESSAGES.text("keys.unavailable"))
                    .header("Retry-After", Long.toString(Math.max(1, refetchInterval.toSeconds())));
        }
        return Optional.ofNullable(current.keys().get(kid));
    }

    @Override
    public boolean refresh() {
        return reload();
    }

    private boolean reload() {
        loading.lock();
        try {
            return reloadLocked();
        } finally {
            loading.unlock();
        }
    }

    private boolean reloadLocked() {
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(refetchInterval))) {
            return false;
        }
        lastAttempt = now;
        try {
            Map<String, RSAPublicKey> keys = parse(load.call());
            snapshot = new Snapshot(Map.copyOf(keys), now);
            LOG.log(System.Logger.Level.DEBUG, "Loaded {0} token key(s) from {1}", keys.size(), source);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot load the token keys from {0} ({1}); keeping {2}",
                    source, e.toString(), snapshot == null ? "none" : snapshot.keys().size() + " known key(s)");
            return false;
        }
    }

    /**
     * The usable keys of a JWKS document. Each entry is parsed on its own, so one key of a type this
     * code does not know cannot hide the others.
     */
    static Map<String, RSAPublicKey> parse(String jwks) throws ParseException {
        Map<String, Object>[] entries = JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(jwks), "keys");
        if (entries == null) {
            throw new ParseException("no \"keys\" member", 0);
        }
        Map<String, RSAPublicKey> keys = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Map<String, Object> entry : entries) {
            usable(entry).ifPresent(key -> {
                if (keys.putIfAbsent(key.kid(), key.key()) != null) {
                    ambiguous.add(key.kid());
                }
            });
        }
        // Two keys under one kid: neither can be told apart, so neither is used.
        ambiguous.forEach(keys::remove);
        return keys;
    }

    private static Optional<Usable> usable(Map<String, Object> entry) {
        JWK jwk;
        try {
            jwk = JWK.parse(entry);
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (!(jwk instanceof RSAKey rsa)
                || rsa.getKeyID() == null || rsa.getKeyID().isBlank()
                || rsa.getKeyUse() != null && !KeyUse.SIGNATURE.equals(rsa.getKeyUse())
                || rsa.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(rsa.getAlgorithm())
                || rsa.size() < MIN_RSA_BITS) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Usable(rsa.getKeyID(), rsa.toRSAPublicKey()));
        } catch (JOSEException e) {
            return Optional.empty();
        }
    }

    private record Usable(String kid, RSAPublicKey key) {
    }

    private record Snapshot(Map<String, RSAPublicKey> keys, Instant loadedAt) {
    }
}
