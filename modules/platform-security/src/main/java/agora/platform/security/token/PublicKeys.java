package agora.platform.security.token;

import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import agora.platform.contract.TerritoryCode;

import agora.platform.security.SecurityConfig;

/**
 * The auth service's token-signing public keys by key id ({@code kid}), from a JSON Web Key Set.
 *
 * <p>Only RSA keys of at least 2048 bits whose {@code use} is {@code sig} (or absent), whose
 * {@code alg} is RS256 (or absent) and that have a {@code kid} are used; anything else in the set
 * is ignored. The set is kept in memory and loaded again when it grows older than its maximum age,
 * or when a token names a key it does not hold ({@link #refresh()}), but never more often than the
 * refetch interval allows, so a flood of made-up {@code kid}s cannot hammer the auth service. A
 * failed load keeps the keys already held.
 */
public interface PublicKeys {

    /**
     * A key by id.
     *
     * @param kid the key id a token names
     * @return the key, if the current set holds it
     * @throws agora.platform.core.problem.ProblemException 503 when no key set could be loaded yet
     */
    Optional<RSAPublicKey> find(String kid);

    /**
     * Loads the key set again because a token named a key it does not hold, unless it was loaded
     * (or tried) less than the refetch interval ago.
     *
     * @return whether a new key set was loaded
     */
    boolean refresh();

    /**
     * Keys handed over in-process, by the auth service of the same pod (and by tests).
     *
     * @param jwks            supplies the current key set as JWKS JSON; may throw when it has none
     * @param clock           the clock that ages the set and spaces reloads
     * @param refetchInterval shortest time between two loads
     * @param maxAge          age after which the set is loaded again
     * @return the keys
     */
    static PublicKeys inProcess(Supplier<String> jwks, Clock clock, Duration refetchInterval, Duration maxAge) {
        return new JwksKeys("in-process key set", jwks::get, clock, refetchInterval, maxAge);
    }

    /**
     * Keys fetched from the auth service's JWKS URL with the JDK HTTP client.
     *
     * @param url             the JWKS URL
     * @param clock           the clock that ages the set and spaces fetches
     * @param refetchInterval shortest time between two fetches
     * @param maxAge          age after which the set is fetched again
     * @return the keys
     */
    static PublicKeys http(URI url, Clock clock, Duration refetchInterval, Duration maxAge) {
        return new JwksKeys(url.toString(), new JwksFetch(url), clock, refetchInterval, maxAge);
    }

    /**
     * Every served territory's keys: read in-process from the auth service of the same process when
     * it runs here, else fetched per territory from {@code jwks-url} (with {@code X-Territory}).
     * Which of the two is decided at each load, because auth offers its keys only once it has
     * mounted, after the process's security was built.
     *
     * @param config          the security configuration
     * @param clock           the clock
     * @param territories     the territories whose tokens this process verifies
     * @param inProcess       whether auth's keys are answered in this process
     * @param inProcessJwks   a territory's key set, in-process
     * @return the keys
     */
    static PublicKeys configured(SecurityConfig config, Clock clock,
                                 Supplier<? extends Collection<TerritoryCode>> territories,
                                 BooleanSupplier inProcess, Function<TerritoryCode, String> inProcessJwks) {
        String source = inProcess.getAsBoolean() || config.jwksUrl().isEmpty() ? "in-process key sets"
                : config.jwksUrl().get() + " (per territory)";
        return new JwksKeys(source, new TerritoryKeySets(territories, territory -> {
            if (inProcess.getAsBoolean()) {
                return inProcessJwks.apply(territory);
            }
            URI url = config.jwksUrl().orElseThrow(() -> new IllegalStateException(
                    "no key source: auth runs elsewhere and agora.security.jwks-url is not set"));
            return new JwksFetch(url, Optional.of(territory)).call();
        }), clock, config.jwksRefetchInterval(), config.jwksMaxAge());
    }
}
