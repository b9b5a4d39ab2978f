package agora.platform.core;

import io.helidon.config.Config;

/**
 * Bounds on what a request may make the server parse: checked before any handler runs (body
 * size) or while JSON is read (nesting depth, string length).
 *
 * @param maxBodyBytes    largest accepted request body, larger ones get 413
 * @param maxJsonDepth    deepest accepted JSON nesting
 * @param maxStringLength longest accepted JSON string (characters)
 */
public record Limits(long maxBodyBytes, int maxJsonDepth, int maxStringLength) {

    /** Defaults fit for forum posts and course lessons, and far below what would hurt the server. */
    public static final Limits DEFAULT = new Limits(1024 * 1024, 32, 100_000);

    public Limits {
        if (maxBodyBytes < 1 || maxJsonDepth < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * Limits from the {@code agora.web.limits} node ({@code max-body-bytes}, {@code max-json-depth},
     * {@code max-string-length}), defaults where a key is absent.
     *
     * @param limits the config node
     * @return the limits
     */
    public static Limits from(Config limits) {
        return new Limits(
                limits.get("max-body-bytes").asLong().orElse(DEFAULT.maxBodyBytes()),
                limits.get("max-json-depth").asInt().orElse(DEFAULT.maxJsonDepth()),
                limits.get("max-string-length").asInt().orElse(DEFAULT.maxStringLength()));
    }
}
