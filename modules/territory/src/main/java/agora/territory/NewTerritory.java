package agora.territory;

import java.util.List;

import agora.platform.contract.TerritoryCode;

/**
 * A territory to be created, after validation.
 *
 * @param code     its ISO code
 * @param name     display name
 * @param language main language
 * @param hosts    host names that select it
 */
record NewTerritory(TerritoryCode code, String name, String language, List<String> hosts) {

    NewTerritory {
        hosts = List.copyOf(hosts);
    }
}
