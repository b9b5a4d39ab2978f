package agora.platform.data.territory;

import java.util.Locale;

/** Where a territory is in its life. */
public enum TerritoryStatus {
    /** Its schema is being created and migrated; requests get 503 until it is done. */
    PROVISIONING,
    /** Served. */
    ACTIVE,
    /** Closed by an operator; requests get 403, data is kept. */
    INACTIVE;

    /** The value stored in the registry and sent on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status of a stored value.
     *
     * @param wire the stored value
     * @return the status
     */
    public static TerritoryStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
