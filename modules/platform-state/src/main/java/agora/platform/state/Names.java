package agora.platform.state;

import java.time.Duration;
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
}
