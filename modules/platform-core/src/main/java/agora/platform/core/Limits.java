package agora.platform.core;

import io.helidon.config.Config;

/**
 * Bounds on what a request may make the server parse: checked before any handler runs (body
 * size) or while JSON is read (nesting depth, string length).
 *
 * <p>Uploads (an avatar) are larger than anything else a client sends: the routes registered as
 * uploads may receive up to {@code maxUploadBytes} (they bound what they read themselves), every
 * other route keeps {@code maxBodyBytes}. The listener admits the larger of the two.
 *
 * @param maxBodyBytes    largest accepted request body, larger ones get 413
 * @param maxJsonDepth    deepest accepted JSON nesting
 * @param maxStringLength longest accepted JSON string (characters)
 * @param maxUploadBytes  largest accepted body of an upload route (file and multipart framing)
 */
public record Limits(long maxBodyBytes, int maxJsonDepth, int maxStringLength, long maxUploadBytes) {

    /**
     * Defaults fit for forum posts and course lessons, and far below what would hurt the server;
     * uploads up to 6 MiB (a 5 MB file and its multipart framing).
     */
    public static final Limits DEFAULT = new Limits(1024 * 1024, 32, 100_000, 6 * 1024 * 1024);

    public Limits {
        if (maxBodyBytes < 1 || maxJsonDepth < 1 || maxStringLength < 1 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * Limits without uploads larger than other bodies.
     *
     * @param maxBodyBytes    largest accepted request body
     * @param maxJsonDepth    deepest accepted JSON nesting
     * @param maxStringLength longest accepted JSON string
     */
    public Limits(long maxBodyBytes, int maxJsonDepth, int maxStringLength) {
        this(maxBodyBytes, maxJsonDepth, maxStringLength, maxBodyBytes);
    }

    /** The most a listener admits: the larger of a body and an upload. */
    public long maxListenerBytes() {
        return Math.max(maxBodyBytes, maxUploadBytes);
    }

    /**
     * Limits from the {@code agora.web.limits} node ({@code max-body-bytes}, {@code max-json-depth},
     * {@code max-string-length}, {@code max-upload-bytes}), defaults where a key is absent.
     *
     * @param limits the config node
     * @return the limits
     */
    public static Limits from(Config limits) {
        return new Limits(
                limits.get("max-body-bytes").asLong().orElse(DEFAULT.maxBodyBytes()),
                limits.get("max-json-depth").asInt().orElse(DEFAULT.maxJsonDepth()),
                limits.get("max-string-length").asInt().orElse(DEFAULT.maxStringLength()),
                limits.get("max-upload-bytes").asLong().orElse(DEFAULT.maxUploadBytes()));
    }
}
