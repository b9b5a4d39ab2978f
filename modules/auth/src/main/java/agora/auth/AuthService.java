package agora.auth;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import agora.auth.api.AuthEvents;
import agora.platform.data.MountedService;
import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.data.audit.AuditLog;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.events.Events;
import agora.platform.events.Outbox;
import agora.platform.mail.Mailer;
import agora.platform.password.PasswordHasher;
import agora.platform.password.PasswordPolicy;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.authz.AccountLoader;
import agora.platform.state.SharedState;
import agora.platform.web.OpenApi;
import agora.platform.web.Routes;

import io.helidon.config.Config;

/**
 * The auth service as a process mounts it: accounts, sessions and tokens, invitations, email
 * verification, password reset and email change, and the signing keys. Each territory's data lives
 * in its own schema; the keys' private halves are encrypted under {@code agora.auth.keys.secret}.
 *
 * <p>Auth is where a process's {@link Security} is born: the token verifier needs auth's public
 * keys and the authorization view needs auth as its account loader, while auth's own routes need
 * the guards. {@link #create} therefore takes a {@link SecurityFactory} and hands it both; the
 * result is {@link #security()}, which the pod passes on to the other services.
 */
public final class AuthService implements MountedService {
    /** The service's name: its tables and event subjects are named after it. */
    public static final String NAME = AuthEvents.SERVICE;

    /** The shared-state namespace of the throttles. */
    private static final String THROTTLE = "auth-throttle";
    private static final System.Logger LOG = System.getLogger(AuthService.class.getName());
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofHours(1);

    private final Platform platform;
    private final KeyRing keys;
    private final Security security;
    private final KeysApi keysApi;
    private final AccountApi accountApi;
    private final SessionApi sessionApi;
    private final InvitationApi invitationApi;
    private final AuditApi auditApi;
    private final RecoveryApi recoveryApi;
    private final TwoFactorApi twoFactorApi;
    private final BackgroundTasks background;
    private final Mailer mailer;
    private final Housekeeping housekeeping;
    private Thread housekeeper;

    private AuthService(Platform platform, KeyRing keys, Security security, KeysApi keysApi, AccountApi accountApi,
                        SessionApi sessionApi, InvitationApi invitationApi, RecoveryApi recoveryApi, AuditApi auditApi,
                        TwoFactorApi twoFactorApi, BackgroundTasks background, Mailer mailer,
                        Housekeeping housekeeping) {
        this.platform = platform;
        this.keys = keys;
        this.security = security;
        this.keysApi = keysApi;
        this.accountApi = accountApi;
        this.sessionApi = sessionApi;
        this.auditApi = auditApi;
        this.invitationApi = invitationApi;
        this.recoveryApi = recoveryApi;
        this.twoFactorApi = twoFactorApi;
        this.background = background;
        this.mailer = mailer;
        this.housekeeping = housekeeping;
    }

    /**
     * Builds a process's security from auth's parts.
     */
    @FunctionalInterface
    public interface SecurityFactory {
        /**
         * Wires the process's security.
         *
         * @param jwks     every served territory's published keys, read afresh on each call
         *                 (for {@code PublicKeys.configured})
         * @param accounts auth's answers when the authorization view misses
         * @return the security parts
         */
        Security create(Supplier<String> jwks, AccountLoader accounts);
    }

    /**
     * The service as configured from {@code agora.auth} (lifetimes, invitations, reset and
     * email-change links, the key secret {@code agora.auth.keys.secret}, else one generated into
     * {@code <agora.home>/.agora/auth-keys.secret}), {@code agora.auth.two-factor} (second factors),
     * {@code agora.auth.password.argon2} (hashing) and {@code agora.mail} (SMTP, else the log).
     *
     * @param platform the process's platform (its clock drives every expiry)
     * @param events   the process's events: auth's outbox and its view consumer
     * @param state    the process's shared state: the throttles' counters (Redis when several instances run)
     * @param security builds the process's security from auth's keys and account loader
     * @return the service
     */
    public static AuthService create(Platform platform, Events events, SharedState state, SecurityFactory security) {
        Config config = platform.config();
        AuthConfig auth = AuthConfig.from(config.get("agora.auth"));
        TwoFactorConfig twoFactorConfig = TwoFactorConfig.from(config.get("agora.auth.two-factor"));
        SecurityConfig securityConfig = SecurityConfig.from(config.get("agora.security"));
        KeySecret secret = KeySecret.from(config);
        KeyRing keys = new KeyRing(platform.database(), secret, platform.clock(), platform.ids()::next,
                auth.accessTokenLifetime().plus(securityConfig.clockSkew()));
        Security wired = security.create(() -> keys.jwks(served(platform)), new AccountFacts(platform.database()));
        Mailer mailer = Mailer.from(config.get("agora.mail"));
        Outbox outbox = events.outbox(NAME);
        AuthorizationUpdates updates = new AuthorizationUpdates(wired.view());
        events.subscribe(updates.subscription());
        AccessTokens tokens = new AccessTokens(keys, securityConfig.issuer(), auth.accessTokenLifetime(),
                platform.clock(), platform.ids()::next, twoFactorConfig);
        Audit audit = new Audit(AuditLog.of(NAME, platform.ids()::next, platform.clock(), platform.json().mapper()));
        Throttle throttle = new Throttle(state.rateLimiter(THROTTLE), state.cache(THROTTLE),
                ThrottleConfig.from(config.get("agora.auth.throttle")), platform.clock());
        Passwords hasher = new Passwords(PasswordHasher.from(config.get("agora.auth.password.argon2")),
                PasswordPolicy.from(config.get("agora.auth.password")), throttle);
        Registrations registrations = new Registrations(platform.database(), hasher, outbox,
                new VerificationMails(mailer, auth.verificationLink()), auth, platform.clock(), platform.ids()::next, audit);
        AccountLifecycle lifecycle = new AccountLifecycle(platform.database(), hasher, outbox, updates, platform.clock(),
                audit);
        TwoFactor twoFactor = new TwoFactor(platform.database(), hasher, secret, twoFactorConfig, platform.clock(),
                audit);
        Logins logins = new Logins(platform.database(), hasher, secret, tokens, outbox, updates, auth, platform.clock(),
                platform.ids()::next, throttle, new LoginChallenges(twoFactorConfig), twoFactor, audit);
        Invitations invitations = new Invitations(platform.database(), secret, wired.view(), auth, platform.clock(),
                platform.ids()::next, audit);
        RecoveryConfig recovery = RecoveryConfig.from(config.get("agora.auth"));
        RecoveryMails recoveryMails = new RecoveryMails(mailer, recovery);
        BackgroundTasks background = new BackgroundTasks("agora-auth-reset", PasswordResets.WORKERS,
                PasswordResets.QUEUE);
        PasswordResets resets = new PasswordResets(platform.database(), hasher, outbox, updates, recoveryMails, recovery,
                platform.clock(), background, audit);
        EmailChanges emailChanges = new EmailChanges(platform.database(), hasher, outbox, recoveryMails, recovery,
                platform.clock(), audit);
        return new AuthService(platform, keys, wired,
                new KeysApi(keys, platform.resolver(), platform.territories(), platform.json()),
                new AccountApi(registrations, lifecycle, wired.guards(), platform.resolver(), platform.json(),
                        platform.idempotency(), throttle, wired.clientAddress(), hasher),
                new SessionApi(logins, wired.guards(), platform.resolver(), wired.clientAddress(), platform.json(),
                        platform.cursors(), auth),
                new InvitationApi(invitations, wired.guards(), platform.resolver(), platform.territories(),
                        platform.json(), platform.cursors(), platform.idempotency(), auth, platform.clock(), throttle,
                        wired.clientAddress()),
                new RecoveryApi(resets, emailChanges, wired.guards(), platform.resolver(), platform.json(), throttle,
                        wired.clientAddress()),
                new AuditApi(audit.log(), platform.database(), wired.guards(), platform.json(), platform.cursors()),
                new TwoFactorApi(twoFactor, wired.guards(), platform.json()),
                background, mailer, new Housekeeping(platform.database(), auth, platform.clock(), () -> served(platform)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ServiceMigrations> territoryMigrations() {
        return List.of(ServiceMigrations.of(NAME, AuthService.class), Events.migrations(NAME), AuditLog.migrations(NAME));
    }

    @Override
    public String openApi() {
        return OpenApi.resource(AuthService.class, "/agora-openapi/auth.yaml");
    }

    @Override
    public void routes(Routes routes) {
        routes.filter(Audit.filter(security.clientAddress()));
        keysApi.routes(routes);
        accountApi.routes(routes);
        sessionApi.routes(routes);
        invitationApi.routes(routes);
        recoveryApi.routes(routes);
        auditApi.routes(routes);
        twoFactorApi.routes(routes);
    }

    @Override
    public void operatorRoutes(Routes operator) {
        operator.filter(Audit.filter(security.clientAddress()));
        keysApi.operatorRoutes(operator);
        invitationApi.operatorRoutes(operator);
    }

    /**
     * The process's security, as the factory built it: what the pod hands the other services.
     *
     * @return the security parts
     */
    public Security security() {
        return security;
    }

    /**
     * Readies the keys at start: every territory this process serves gets a current and a next key
     * if it lacks them, expired retired keys are dropped, and each current key must decrypt.
     *
     * @throws IllegalStateException when a stored key does not decrypt with the configured secret
     */
    public synchronized void start() {
        served(platform).forEach(keys::ensure);
        if (housekeeper == null) {
            housekeeper = Thread.ofVirtual().name("agora-auth-housekeeping").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(HOUSEKEEPING_INTERVAL);
                        housekeeping.run();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Auth housekeeping failed: {0}", e.toString());
                    }
                }
            });
        }
    }

    /** Stops the housekeeping and gives queued password-reset requests a moment to finish. */
    public synchronized void stop() {
        if (housekeeper != null) {
            housekeeper.interrupt();
            housekeeper = null;
        }
        try {
            background.awaitIdle(PasswordResets.STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until queued password-reset requests have run; for tests. */
    boolean awaitBackground(Duration timeout) throws InterruptedException {
        return background.awaitIdle(timeout);
    }

    /** Removes expired rows now (what the hourly housekeeping does); for operators and tests. */
    long housekeep() {
        return housekeeping.run();
    }

    /**
     * What the log should say about where auth's mail goes.
     *
     * @return e.g. "written to the log (set AGORA_MAIL_SMTP_HOST to send it)"
     */
    public String mailDescription() {
        return mailer.description();
    }

    private static List<TerritoryCode> served(Platform platform) {
        return platform.territories().all().stream()
                .map(Territory::code)
                .filter(platform.readiness()::isReady)
                .sorted(Comparator.comparing(TerritoryCode::value))
                .toList();
    }
}
