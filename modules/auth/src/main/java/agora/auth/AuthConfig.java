package agora.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.helidon.config.Config;

/**
 * How the auth service issues and keeps credentials: the node {@code agora.auth}. Durations are
 * ISO-8601 ({@code PT10M}).
 *
 * @param accessTokenLifetime   access-token lifetime ({@code access-token-lifetime}, ≈10 minutes)
 * @param refreshIdleTimeout    a session ends when its refresh token is unused this long
 *                              ({@code refresh.idle-timeout})
 * @param refreshLifetime       a session ends this long after login, however active
 *                              ({@code refresh.lifetime})
 * @param refreshGrace          a rotated refresh token presented again within this time gets the same
 *                              successor instead of revoking the session: a client retrying a refresh
 *                              whose answer it lost ({@code refresh.grace}, at most 30 s)
 * @param refreshReuseWindow    how long a used refresh token is kept, so that presenting it again is
 *                              detected as reuse and ends the session ({@code refresh.reuse-window})
 * @param verificationLifetime  how long an email-verification link works ({@code email.verification-lifetime})
 * @param verificationLink      the page a verification mail links to; the token is appended as
 *                              {@code ?token=…} ({@code email.verification-link})
 * @param invitationLifetime    the longest lifetime of an invitation ({@code invitations.max-lifetime})
 * @param memberInvitationQuota how many open uses a member (not an admin) may hold across their live
 *                              invitations ({@code invitations.member-quota})
 * @param bootstrapLifetime     lifetime of the operator's bootstrap invitation ({@code invitations.bootstrap-lifetime})
 */
record AuthConfig(Duration accessTokenLifetime, Duration refreshIdleTimeout, Duration refreshLifetime,
                  Duration refreshGrace, Duration refreshReuseWindow, Duration verificationLifetime, URI verificationLink,
                  Duration invitationLifetime, int memberInvitationQuota, Duration bootstrapLifetime) {
    static final Duration MAX_REFRESH_GRACE = Duration.ofSeconds(30);

    AuthConfig {
        Objects.requireNonNull(verificationLink, "verificationLink");
        positive(accessTokenLifetime, "access-token-lifetime");
        positive(refreshIdleTimeout, "refresh.idle-timeout");
        positive(refreshLifetime, "refresh.lifetime");
        if (refreshReuseWindow.compareTo(refreshGrace) <= 0) {
            throw new IllegalArgumentException("agora.auth.refresh.reuse-window must be longer than agora.auth.refresh.grace");
        }
        positive(verificationLifetime, "email.verification-lifetime");
        positive(invitationLifetime, "invitations.max-lifetime");
        positive(bootstrapLifetime, "invitations.bootstrap-lifetime");
        if (refreshGrace.isNegative() || refreshGrace.compareTo(MAX_REFRESH_GRACE) > 0) {
            throw new IllegalArgumentException("agora.auth.refresh.grace must be between 0 and 30 seconds");
        }
        if (refreshIdleTimeout.compareTo(refreshLifetime) > 0) {
            throw new IllegalArgumentException("agora.auth.refresh.idle-timeout must not exceed agora.auth.refresh.lifetime");
        }
        if (memberInvitationQuota < 0) {
            throw new IllegalArgumentException("agora.auth.invitations.member-quota must not be negative");
        }
        if (!verificationLink.isAbsolute() || verificationLink.getRawQuery() != null) {
            throw new IllegalArgumentException("agora.auth.email.verification-link must be an absolute URL without a query");
        }
    }

    /**
     * The configuration under {@code agora.auth}, defaults where a key is absent.
     *
     * @param auth the {@code agora.auth} node
     * @return the configuration
     */
    static AuthConfig from(Config auth) {
        return new AuthConfig(
                auth.get("access-token-lifetime").as(Duration.class).orElse(Duration.ofMinutes(10)),
                auth.get("refresh.idle-timeout").as(Duration.class).orElse(Duration.ofDays(14)),
                auth.get("refresh.lifetime").as(Duration.class).orElse(Duration.ofDays(60)),
                auth.get("refresh.grace").as(Duration.class).orElse(Duration.ofSeconds(5)),
                auth.get("refresh.reuse-window").as(Duration.class).orElse(Duration.ofDays(1)),
                auth.get("email.verification-lifetime").as(Duration.class).orElse(Duration.ofHours(48)),
                URI.create(auth.get("email.verification-link").asString()
                        .orElse("http://127.0.0.1:8080/verify-email")),
                auth.get("invitations.max-lifetime").as(Duration.class).orElse(Duration.ofDays(90)),
                auth.get("invitations.member-quota").asInt().orElse(5),
                auth.get("invitations.bootstrap-lifetime").as(Duration.class).orElse(Duration.ofDays(7)));
    }

    private static void positive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("agora.auth." + key + " must be positive");
        }
    }
}
