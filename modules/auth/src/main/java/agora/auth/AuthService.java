package agora.auth;

import java.time.Duration;
import java.util.List;

import agora.auth.api.AccountDirectory;
import agora.auth.api.AccountFacts;
import agora.auth.api.AccountSuspensions;
import agora.auth.api.AuthEvents;
import agora.auth.api.SigningKeys;
import agora.auth.pages.LinkPages;
import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.events.Outbox;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.platform.mail.Mailer;
import agora.platform.password.PasswordHasher;
import agora.platform.password.PasswordPolicy;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;

import io.helidon.config.Config;

/**
 * The auth service: accounts, sessions and tokens, invitations, email verification, password reset
 * and email change, two-factor sign-in, and the signing keys. Each territory's data lives in its own
 * schema; the keys' private halves are encrypted under {@code agora.auth.keys.secret}.
 *
 * <p>Auth answers two facts for every other service: {@link AccountFacts} (what the authorization
 * view asks on a miss) and {@link SigningKeys} (what the token verifier checks against); the host
 * builds the process's security from them.
 */
public final class AuthService implements AgoraService {
    /** The service's name: its tables and event subjects are named after it. */
    static final String NAME = AuthEvents.SERVICE;

    /** The shared-state namespace of the throttles. */
    private static final String THROTTLE = "auth-throttle";
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofHours(1);

    private BackgroundTasks background;
    private Housekeeping housekeeping;

    /** For {@code ServiceLoader}. */
    public AuthService() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Wires the service from {@code agora.auth} (lifetimes, invitations, reset and email-change
     * links, the key secret {@code keys.secret}, else one generated into
     * {@code <agora.home>/.agora/auth-keys.secret}), {@code agora.auth.two-factor} (second factors),
     * {@code agora.auth.password.argon2} (hashing) and {@code agora.auth.throttle}; mail goes through
     * the host's mailer ({@code agora.mail}).
     */
    @Override
    public void mount(Mount mount) {
        Config config = mount.config();
        AuthConfig auth = AuthConfig.from(config);
        TwoFactorConfig twoFactorConfig = TwoFactorConfig.from(config.get("two-factor"));
        Security security = mount.security();
        SecurityConfig securityConfig = security.config();
        KeySecret secret = KeySecret.from(config, mount.home());
        KeyRing keys = new KeyRing(mount.database(), secret, mount.clock(), mount.ids()::next,
                auth.accessTokenLifetime().plus(securityConfig.clockSkew()));
        mount.territoryTables();
        mount.provide(AccountFacts.class, new StoredAccountFacts(mount.database(), twoFactorConfig));
        mount.provide(SigningKeys.class, keys::jwks);
        mount.provide(AccountDirectory.class, new StoredAccountDirectory(mount.database()));
        Mailer mailer = mount.mailer();
        Outbox outbox = mount.outbox();
        AuthorizationUpdates updates = new AuthorizationUpdates(security.view(), twoFactorConfig);
        updates.consume(mount.subscription("authorization_view", NAME));
        AccessTokens tokens = new AccessTokens(keys, securityConfig.issuer(), auth.accessTokenLifetime(),
                mount.clock(), mount.ids()::next, twoFactorConfig);
        Audit audit = new Audit(mount.auditLog());
        mount.contribute(MemberExportContribution.class, new MemberExport(mount.database(), mount.auditLog(),
                mount.json().mapper()));
        Throttle throttle = new Throttle(mount.state().rateLimiter(THROTTLE), ThrottleConfig.from(config.get("throttle")));
        Passwords hasher = new Passwords(PasswordHasher.from(config.get("password.argon2")),
                PasswordPolicy.from(config.get("password")), throttle);
        Registrations registrations = new Registrations(mount.database(), hasher, outbox,
                new VerificationMails(mailer, auth.verificationLink()), auth, mount.clock(), mount.ids()::next, audit);
        Suspensions suspensions = new Suspensions(mount.database(), outbox, updates, mount.clock(), mount.ids()::next,
                audit, new SuspensionMails(mailer));
        suspensions.use(mount.timer(Suspensions.TIMER, Suspensions.Ending.class, suspensions::expire));
        mount.provide(AccountSuspensions.class, suspensions);
        AccountLifecycle lifecycle = new AccountLifecycle(mount.database(), hasher, outbox, updates, mount.clock(),
                audit, suspensions);
        TwoFactor twoFactor = new TwoFactor(mount.database(), hasher, secret, twoFactorConfig, mount.clock(), audit);
        Logins logins = new Logins(mount.database(), hasher, secret, tokens, outbox, updates, auth, mount.clock(),
                mount.ids()::next, throttle, new LoginChallenges(twoFactorConfig), twoFactor, audit);
        Invitations invitations = new Invitations(mount.database(), secret, security.view(), auth, mount.clock(),
                mount.ids()::next, audit);
        RecoveryConfig recovery = RecoveryConfig.from(config);
        RecoveryMails recoveryMails = new RecoveryMails(mailer, recovery);
        background = new BackgroundTasks("reset", PasswordResets.WORKERS, PasswordResets.QUEUE, mount);
        PasswordResets resets = new PasswordResets(mount.database(), hasher, outbox, updates, recoveryMails, recovery,
                mount.clock(), background, audit, throttle);
        EmailChanges emailChanges = new EmailChanges(mount.database(), hasher, outbox, recoveryMails, recovery,
                mount.clock(), audit);
        housekeeping = new Housekeeping(mount.database(), auth, mount.clock(), () -> served(mount));

        KeysApi keysApi = new KeysApi(keys, mount.resolver(), mount.territories(), mount.json());
        AccountApi accountApi = new AccountApi(registrations, lifecycle, security.guards(), mount.resolver(),
                mount.json(), mount.idempotency(), throttle, security.clientAddress(), hasher);
        SessionApi sessionApi = new SessionApi(logins, security.guards(), mount.resolver(), security.clientAddress(),
                mount.json(), mount.cursors(), auth);
        InvitationApi invitationApi = new InvitationApi(invitations, security.guards(), mount.resolver(),
                mount.territories(), mount.json(), mount.cursors(), mount.idempotency(), auth, mount.clock(), throttle,
                security.clientAddress());
        RecoveryApi recoveryApi = new RecoveryApi(resets, emailChanges, security.guards(), mount.resolver(),
                mount.json(), throttle, security.clientAddress());
        AuditApi auditApi = new AuditApi(audit.log(), mount.database(), security.guards(), mount.json(),
                mount.cursors());
        TwoFactorApi twoFactorApi = new TwoFactorApi(twoFactor, security.guards(), mount.json());
        RoleApi roleApi = new RoleApi(new Roles(mount.database(), outbox, updates, twoFactorConfig, audit),
                security.guards(), mount.json());
        mount.routes(routes -> {
            routes.filter(PrivateAnswers.filter());
            keysApi.routes(routes);
            accountApi.routes(routes);
            sessionApi.routes(routes);
            invitationApi.routes(routes);
            recoveryApi.routes(routes);
            auditApi.routes(routes);
            twoFactorApi.routes(routes);
            roleApi.routes(routes);
            new LinkPages().routes(routes);
        });
        mount.operatorRoutes(operator -> {
            operator.filter(PrivateAnswers.filter());
            keysApi.operatorRoutes(operator);
            invitationApi.operatorRoutes(operator);
        });
        mount.problems(AuthProblems.ALL);
        // Each territory gets a current and a next key if it lacks them; expired retired keys go.
        mount.onTerritoryReady(keys::ensure);
        mount.every("housekeeping", HOUSEKEEPING_INTERVAL, housekeeping::run);
        mount.onStop(() -> {
            try {
                background.awaitIdle(PasswordResets.STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        mount.describe("Mail", mailer::description);
        mount.describe("First admin", new FirstAdminHint(mount.database(), () -> served(mount))::describe);
    }

    /** Waits until queued password-reset requests have run; for tests. */
    boolean awaitBackground(Duration timeout) throws InterruptedException {
        return background.awaitIdle(timeout);
    }

    /** Removes expired rows now (what the hourly housekeeping does); for operators and tests. */
    long housekeep() {
        return housekeeping.run();
    }

    private static List<TerritoryCode> served(Mount mount) {
        return mount.served();
    }
}
