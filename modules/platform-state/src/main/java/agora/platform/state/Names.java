package agora.platform.state;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules for namespaces, key prefixes and TTLs, shared by both implementations so that code
 * that runs against one runs against the other.
 */
final class Names {
    // Lower-case words as in config keys. No ':' (it separates the parts of a Redis key, so
    // namespace "a:b" + key "c" could otherwise meet namespace "a" + key "b:c") and no glob
    // characters (a prefix is cleaned up with SCAN MATCH <prefix>*).
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]*");

    private Names() {
    }

    static String namespace(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("a namespace is lower-case letters, digits, '.', '_' or '-': "
                    + namespace);
        }
        return namespace;
    }

    static String keyPrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a key prefix is letters, digits, '.', '_', '-' or ':': " + prefix);
        }
        return prefix;
    }

    static Duration positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        return ttl;
    }

    /** A reservation's tiers: at least one, no key twice. */
    static List<RateLimiter.Tier> tiers(List<RateLimiter.Tier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a reservation needs at least one tier");
        }
        if (new HashSet<>(tiers.stream().map(RateLimiter.Tier::key).toList()).size() != tiers.size()) {
            throw new IllegalArgumentException("a reservation names each key once");
        }
        return List.copyOf(tiers);
    }
}
