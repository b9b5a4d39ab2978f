package agora.platform.events;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The envelope every event travels in, modelled on CloudEvents: what happened ({@code type}), who
 * said so ({@code source}, the producing service), to which aggregate ({@code subject}) at which
 * version, when, in which territory, and the data — ids and the fields consumers need, no personal
 * data beyond ids.
 *
 * @param id          UUIDv7, also the JetStream message id (deduplication)
 * @param type        {@code <service>.<event>}
 * @param source      {@code agora/<service>}
 * @param subject     the aggregate's id
 * @param time        when the change was committed (producer's clock)
 * @param territory   the territory code, or {@code pod} for pod-wide events
 * @param version     the aggregate's version after the change
 * @param data        the payload
 * @param traceparent the W3C trace context of the request that caused it
 */
public record Event(UUID id, String type, String source, String subject, Instant time, String territory,
                    long version, JsonNode data, Optional<String> traceparent) {
}
