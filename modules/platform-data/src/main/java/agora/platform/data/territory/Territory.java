package agora.platform.data.territory;

import java.time.Instant;
import java.util.List;

import agora.platform.contract.TerritoryCode;

/**
 * A territory as the registry holds it.
 *
 * @param code      ISO 3166-1 alpha-2 code
 * @param name      display name, in the territory's language ("Danmark")
 * @param language  the territory's main language (BCP 47 primary tag: da, nb, sv)
 * @param status    provisioning, active or inactive
 * @param hosts     host names that select this territory
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Territory(TerritoryCode code, String name, String language, TerritoryStatus status,
                        List<String> hosts, Instant createdAt, Instant updatedAt) {

    public Territory {
        hosts = List.copyOf(hosts);
    }
}
