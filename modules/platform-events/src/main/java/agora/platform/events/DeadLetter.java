package agora.platform.events;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An event a consumer gave up on, kept for an operator to read and replay.
 *
 * @param id         the dead letter's id
 * @param consumer   the consumer ({@code <service>__<name>})
 * @param eventId    the event's id
 * @param eventType  the event's type
 * @param error      the last failure (exception type and message)
 * @param attempts   deliveries tried
 * @param failedAt   when it was given up
 * @param replayedAt when an operator replayed it successfully
 */
public record DeadLetter(UUID id, String consumer, UUID eventId, String eventType, String error, int attempts,
                         Instant failedAt, Optional<Instant> replayedAt) {
}
