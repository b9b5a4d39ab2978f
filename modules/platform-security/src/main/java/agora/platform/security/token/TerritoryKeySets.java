package agora.platform.security.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import agora.platform.contract.TerritoryCode;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * One key set made of every territory's: signing keys are per territory and auth publishes each
 * territory's at the same path, while a process verifies tokens of all the territories it serves.
 * Key ids are UUIDv7 and a token's audience binds it to its territory, so a key of one territory
 * never admits a token at another. A territory that fails to load fails the whole load, so the keys
 * already held stay in use (never a partial set).
 */
final class TerritoryKeySets implements Callable<String> {

    /** Loads one territory's JWKS document. */
    @FunctionalInterface
    interface Loader {
        String load(TerritoryCode territory) throws Exception;
    }

    private final Supplier<? extends Collection<TerritoryCode>> territories;
    private final Loader loader;

    TerritoryKeySets(Supplier<? extends Collection<TerritoryCode>> territories, Loader loader) {
        this.territories = territories;
        this.loader = loader;
    }

    @Override
    public String call() throws Exception {
        // A key published for two territories is one key (kept once); two different keys under one
        // kid stay two, and the key set then trusts neither.
        Set<JWK> keys = new LinkedHashSet<>();
        for (TerritoryCode territory : territories.get()) {
            keys.addAll(JWKSet.parse(loader.load(territory)).getKeys());
        }
        return new JWKSet(new ArrayList<>(keys)).toString(true);
    }
}
