package agora.auth.api;

import java.util.Locale;
import java.util.Optional;

/** Where an account is in its life, as the auth service owns it. */
public enum AccountStatus {
    /** May act. */
    ACTIVE,
    /** Blocked by a moderator or administrator: requests get 403 {@code account-suspended}. */
    SUSPENDED,
    /** Gone: requests get 401 {@code account-deleted}, so clients drop their tokens. */
    DELETED;

    /** The value stored in the view and sent in events. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status of a stored value.
     *
     * @param wire the stored value
     * @return the status, empty when the value is not one
     */
    public static Optional<AccountStatus> fromWire(String wire) {
        for (AccountStatus status : values()) {
            if (status.wire().equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
