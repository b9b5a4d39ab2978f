package agora.platform.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.helidon.config.Config;

/**
 * Reading values that every component's configuration shares the shape of, so each reads them the
 * same way and refuses them with the same words.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * A list from YAML, or from one comma-separated value (as the environment gives it); blank
     * entries are dropped and each entry is trimmed.
     *
     * @param node the node
     * @return the entries, empty when the node is absent
     */
    public static List<String> strings(Config node) {
        List<String> values = node.type() == Config.Type.LIST
                ? node.asList(String.class).orElse(List.of())
                : node.asString().asOptional().map(value -> Arrays.asList(value.split(","))).orElse(List.of());
        return values.stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
    }

    /**
     * Refuses a duration that is zero or negative.
     *
     * @param duration the configured value
     * @param key      its full key, for the message ({@code agora.security.jwks-max-age})
     * @return the duration
     * @throws IllegalArgumentException when it is not positive
     */
    public static Duration positive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return duration;
    }
}
