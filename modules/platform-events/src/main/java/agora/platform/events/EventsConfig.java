package agora.platform.events;

import java.time.Duration;
import java.util.Optional;

import agora.platform.contract.EventType;

import io.helidon.config.Config;

/**
 * How events travel.
 *
 * @param natsUrl         NATS server ({@code agora.nats.url}, env {@code AGORA_NATS_URL}); empty for the
 *                        in-process bus (single-process pod only)
 * @param prefix          first subject token and stream name prefix ({@code agora.events.prefix}, default
 *                        {@code agora}; tests use their own so runs never meet)
 * @param retention       how long sent outbox rows, processed ids and stream messages are kept
 *                        ({@code agora.events.retention}, default 7 days)
 * @param maxDeliveries   failed handler attempts before an event is dead-lettered
 *                        ({@code agora.events.max.deliveries}, 5); an outage of a backend never counts
 * @param pollInterval    the relay's fallback poll for missed notifications ({@code agora.events.poll.interval}, 30 s)
 * @param retryBackoff    delay after a failed attempt, doubled per attempt up to 30 s (5 s while a backend
 *                        is away) ({@code agora.events.retry.backoff}, 1 s)
 */
public record EventsConfig(Optional<String> natsUrl, String prefix, Duration retention, int maxDeliveries,
                           Duration pollInterval, Duration retryBackoff) {

    public EventsConfig {
        if (!prefix.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("event prefix must be a lower-case identifier: " + prefix);
        }
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("max deliveries must be positive");
        }
    }

    /**
     * The settings from the root configuration.
     *
     * @param config the root configuration
     * @return the settings
     */
    public static EventsConfig from(Config config) {
        Config events = config.get("agora.events");
        return new EventsConfig(
                config.get("agora.nats.url").asString().asOptional().filter(url -> !url.isBlank()),
                events.get("prefix").asString().orElse("agora"),
                events.get("retention").as(Duration.class).orElse(Duration.ofDays(7)),
                events.get("max.deliveries").asInt().orElse(5),
                events.get("poll.interval").as(Duration.class).orElse(Duration.ofSeconds(30)),
                events.get("retry.backoff").as(Duration.class).orElse(Duration.ofSeconds(1)));
    }

    /**
     * The NATS subject of an event type in a scope: {@code <prefix>.<scope>.<service>.<event>}.
     *
     * @param scope the scope
     * @param type  the event type
     * @return the subject
     */
    public String subject(EventScope scope, EventType<?> type) {
        return prefix + "." + scope.token() + "." + type.service() + "." + type.name();
    }

    /**
     * The stream holding a scope's events: {@code <PREFIX>_<SCOPE>}.
     *
     * @param scope the scope
     * @return the stream name
     */
    public String stream(EventScope scope) {
        return (prefix + "_" + scope.token()).toUpperCase(java.util.Locale.ROOT);
    }

    /** The delay before attempt {@code attempt + 1}. */
    Duration backoff(int attempt) {
        long millis = retryBackoff.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, 30_000));
    }
}
