package agora.territory;

import java.time.Instant;
import java.util.List;

import agora.platform.data.territory.Territory;

/**
 * A territory on the wire.
 *
 * @param code      ISO 3166-1 alpha-2 code
 * @param name      display name
 * @param language  main language
 * @param status    provisioning, active or inactive
 * @param hosts     host names that select it
 * @param createdAt creation time
 * @param updatedAt last change
 */
record TerritoryView(String code, String name, String language, String status, List<String> hosts,
                     Instant createdAt, Instant updatedAt) {

    static TerritoryView of(Territory territory) {
        return new TerritoryView(territory.code().value(), territory.name(), territory.language(),
                territory.status().wire(), territory.hosts(), territory.createdAt(), territory.updatedAt());
    }
}
