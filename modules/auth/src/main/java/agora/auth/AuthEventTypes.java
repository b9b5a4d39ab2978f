package agora.auth;

import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.AccountDeleted;
import agora.auth.api.AuthEvents.AccountReactivated;
import agora.auth.api.AuthEvents.AccountSuspended;
import agora.auth.api.AuthEvents.EmailChanged;
import agora.auth.api.AuthEvents.EmailVerified;
import agora.auth.api.AuthEvents.SessionRevoked;
import agora.auth.api.AuthEvents.UserRegistered;
import agora.platform.events.EventType;

/** The event types of {@link AuthEvents}, for auth's outbox and its own consumer. */
final class AuthEventTypes {
    static final EventType<UserRegistered> USER_REGISTERED = type(UserRegistered.NAME, UserRegistered.class);
    static final EventType<EmailVerified> EMAIL_VERIFIED = type(EmailVerified.NAME, EmailVerified.class);
    static final EventType<SessionRevoked> SESSION_REVOKED = type(SessionRevoked.NAME, SessionRevoked.class);
    static final EventType<AccountSuspended> ACCOUNT_SUSPENDED = type(AccountSuspended.NAME, AccountSuspended.class);
    static final EventType<AccountReactivated> ACCOUNT_REACTIVATED =
            type(AccountReactivated.NAME, AccountReactivated.class);
    static final EventType<AccountDeleted> ACCOUNT_DELETED = type(AccountDeleted.NAME, AccountDeleted.class);
    static final EventType<EmailChanged> EMAIL_CHANGED = type(EmailChanged.NAME, EmailChanged.class);

    private AuthEventTypes() {
    }

    private static <T> EventType<T> type(String name, Class<T> payload) {
        return new EventType<>(AuthEvents.SERVICE, name, payload);
    }
}
