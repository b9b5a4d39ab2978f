package agora.platform.data.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One recorded action.
 *
 * @param id            UUIDv7, so the trail sorts by time
 * @param actor         the account that acted; empty for the operator or an anonymous caller
 * @param action        what happened, a dotted lower-case code ({@code auth.account.suspended})
 * @param target        the id of what was acted on
 * @param occurredAt    when
 * @param clientAddress from where (behind trusted proxies: the client's address)
 * @param details       further codes and ids; never personal data beyond ids
 */
public record AuditEntry(UUID id, Optional<UUID> actor, String action, Optional<String> target, Instant occurredAt,
                         Optional<String> clientAddress, Map<String, String> details) {
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.-]*");

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("not an audit action code: " + action);
        }
        details = Map.copyOf(details);
    }
}
