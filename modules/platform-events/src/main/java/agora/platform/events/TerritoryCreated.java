package agora.platform.events;

import agora.platform.contract.EventType;

/**
 * Pod-wide event {@code territory.created} ({@code <prefix>.pod.territory.created}): a service
 * deployed on its own migrates its tables into the new territory when it hears it.
 *
 * @param code     the territory's code
 * @param name     its display name
 * @param language its main language
 */
public record TerritoryCreated(String code, String name, String language) {

    /** The event type. */
    public static final EventType<TerritoryCreated> TYPE = new EventType<>("territory", "created", TerritoryCreated.class);
}
