package agora.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

/**
 * Keeps auth's tables from growing without bound. Every refresh leaves a used token behind (one
 * per access-token lifetime per active client), so used tokens are kept only for the reuse window
 * (a rotated token presented later is then merely unknown, not detected as reuse); ended sessions
 * are kept {@link #ENDED_SESSION_RETENTION} for the owner's and admins' questions, then removed with
 * their tokens; expired verification, password-reset and email-change links, login challenges and
 * unconfirmed two-factor set-ups go at once.
 */
final class Housekeeping {
    /** How long an ended (revoked or expired) session stays. */
    static final Duration ENDED_SESSION_RETENTION = Duration.ofDays(30);

    private static final String USED_TOKENS = "DELETE FROM auth_refresh_tokens WHERE used_at < ?";
    private static final String ENDED = "(revoked_at < ? OR expires_at < ? OR last_used_at < ?)";
    private static final String ENDED_TOKENS = "DELETE FROM auth_refresh_tokens WHERE session_id IN "
            + "(SELECT id FROM auth_sessions WHERE " + ENDED + ")";
    private static final String ENDED_SESSIONS = "DELETE FROM auth_sessions WHERE " + ENDED;
    private static final String VERIFICATIONS = "DELETE FROM auth_email_verifications WHERE expires_at < ?";
    private static final String RESETS = "DELETE FROM auth_password_resets WHERE expires_at < ?";
    private static final String EMAIL_CHANGES = "DELETE FROM auth_email_changes WHERE expires_at < ?";

    private final Database database;
    private final AuthConfig config;
    private final Clock clock;
    private final Supplier<List<TerritoryCode>> territories;

    Housekeeping(Database database, AuthConfig config, Clock clock, Supplier<List<TerritoryCode>> territories) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.territories = territories;
    }

    /**
     * One pass over every served territory.
     *
     * @return rows removed
     */
    long run() {
        Instant now = clock.instant();
        Instant ended = now.minus(ENDED_SESSION_RETENTION);
        Instant idle = ended.minus(config.refreshIdleTimeout());
        long removed = 0;
        for (TerritoryCode territory : territories.get()) {
            removed += database.inTerritory(territory, db ->
                    db.dml(USED_TOKENS, Database.timestamp(now.minus(config.refreshReuseWindow())))
                            + db.dml(ENDED_TOKENS, Database.timestamp(ended), Database.timestamp(ended),
                            Database.timestamp(idle))
                            + db.dml(ENDED_SESSIONS, Database.timestamp(ended), Database.timestamp(ended),
                            Database.timestamp(idle))
                            + db.dml(VERIFICATIONS, Database.timestamp(now))
                            + db.dml(RESETS, Database.timestamp(now))
                            + db.dml(EMAIL_CHANGES, Database.timestamp(now))
                            + LoginChallenges.deleteExpired(db, now)
                            + TwoFactorStore.deleteExpiredPending(db, now));
        }
        return removed;
    }
}
