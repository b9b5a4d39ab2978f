package agora.auth;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthPermissions;
import agora.auth.api.AuthRoles;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.platform.security.Principal;
import agora.platform.security.SecurityMessages;
import agora.platform.security.SecurityProblems;
import agora.platform.security.authz.AuthorizationView;

import io.helidon.dbclient.DbExecute;

/**
 * Invitations: who may create them (territory admins freely; verified members holding
 * {@code auth.invite}, within a quota of open uses), reading and withdrawing them, the public check a
 * signup page makes, the invitation tree, and the operator's bootstrap invitation.
 *
 * <p>An invitation's token is {@code HMAC(secret, id)}: 256 pseudo-random bits that only this pod
 * can compute. The table keeps only its SHA-256, yet the inviter can read the link again later, and
 * an {@code Idempotency-Key} replay need not keep the token at rest.
 */
final class Invitations {
    static final int MAX_USES = 1000;
    static final int MAX_NOTE = 500;
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    static final int MAX_TREE_NODES = 2000;
    static final int MAX_TREE_DEPTH = 20;

    private static final String TREE = """
            WITH RECURSIVE tree AS (
                SELECT id, invited_by, display_name, status, roles, created_at, 0 AS depth
                FROM auth_accounts WHERE (CAST(? AS uuid) IS NULL AND invited_by IS NULL) OR id = ?
                UNION ALL
                SELECT a.id, a.invited_by, a.display_name, a.status, a.roles, a.created_at, tree.depth + 1
                FROM auth_accounts a JOIN tree ON a.invited_by = tree.id
                WHERE tree.depth < ?
            )
            SELECT id, invited_by, display_name, status, array_to_string(roles, ',') AS roles, created_at, depth
            FROM tree ORDER BY depth, created_at, id LIMIT ?""";

    private final Database database;
    private final KeySecret secret;
    private final AuthorizationView view;
    private final AuthConfig config;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Audit audit;

    Invitations(Database database, KeySecret secret, AuthorizationView view, AuthConfig config, Clock clock,
                Supplier<UUID> ids, Audit audit) {
        this.audit = audit;
        this.database = database;
        this.secret = secret;
        this.view = view;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * The problem for an invitation token that could not be reserved, read inside the same transaction.
     */
    static ProblemException unusable(DbExecute db, byte[] tokenHash, Instant now) {
        Optional<Invitation> invitation = InvitationStore.findByToken(db, tokenHash);
        return problemFor(invitation.map(found -> found.state(now)).orElse(null));
    }

    private static ProblemException problemFor(Invitation.State state) {
        if (state == null) {
            return AuthProblems.problem(AuthProblems.INVITATION_NOT_FOUND, "invitation.not-found");
        }
        return switch (state) {
            case EXPIRED -> AuthProblems.problem(AuthProblems.INVITATION_EXPIRED, "invitation.expired");
            case REVOKED -> AuthProblems.problem(AuthProblems.INVITATION_REVOKED, "invitation.revoked");
            case EXHAUSTED -> AuthProblems.problem(AuthProblems.INVITATION_EXHAUSTED, "invitation.exhausted");
            case OPEN -> throw new IllegalStateException("an open invitation is usable");
        };
    }

    /** An invitation stops working while its inviter is suspended, and for good once the inviter is deleted. */
    static boolean inviterActive(DbExecute db, Invitation invitation) {
        return invitation.inviterId().flatMap(inviter -> AccountStore.status(db, inviter))
                .map(status -> status == AccountStatus.ACTIVE).orElse(true);
    }

    /** The token of an invitation. */
    String token(UUID invitation) {
        ByteBuffer id = ByteBuffer.allocate(16).putLong(invitation.getMostSignificantBits())
                .putLong(invitation.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret.mac("invitation-token", id.array()));
    }

    /**
     * Creates an invitation for a signed-in account.
     *
     * @throws ProblemException 403 when the account may not invite, may not grant the role, or is over its quota
     */
    Invitation create(Principal inviter, NewInvitation request) {
        TerritoryCode territory = inviter.territory();
        return database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            // The row lock serialises one inviter's creations, so two at once cannot both fit the quota.
            Account account = AccountStore.lock(db, inviter.userId())
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            if (!account.verified()) {
                throw AuthProblems.problem(AuthProblems.EMAIL_UNVERIFIED, "email.unverified");
            }
            if (!admin(account, inviter)) {
                if (request.role().isPresent()) {
                    throw account.admin() ? adminWithheld()
                            : AuthProblems.problem(AuthProblems.ROLE_NOT_ALLOWED, "invitation.role");
                }
                if (!view.permitted(territory, account.id(), AuthPermissions.INVITE)) {
                    throw account.admin() ? adminWithheld() : new ProblemException(SecurityProblems.MISSING_PERMISSION,
                            SecurityMessages.MESSAGES.text("permission.missing",
                                    AuthPermissions.INVITE.name()));
                }
                long open = InvitationStore.openUses(db, account.id(), now);
                if (open + request.maxUses() > config.memberInvitationQuota()) {
                    throw AuthProblems.problem(AuthProblems.INVITATION_QUOTA, "invitation.quota",
                            config.memberInvitationQuota());
                }
            }
            return insert(db, Optional.of(account.id()), request, now);
        });
    }

    /**
     * The operator's bootstrap invitation: one use, the territory-admin role, no inviter.
     *
     * @return the invitation and its token
     */
    Created bootstrap(TerritoryCode territory) {
        Invitation invitation = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            return insert(db, Optional.empty(), new NewInvitation(1, now.plus(config.bootstrapLifetime()),
                    Optional.of(AuthRoles.TERRITORY_ADMIN), Optional.of("bootstrap")), now);
        });
        return new Created(invitation, token(invitation.id()));
    }

    private Invitation insert(DbExecute db, Optional<UUID> inviter, NewInvitation request, Instant now) {
        UUID id = ids.get();
        // As PostgreSQL keeps the times (microseconds), so the creation's answer reads as every later one.
        Invitation invitation = new Invitation(id, inviter, request.role(), request.note(), request.maxUses(), 0,
                request.expiresAt().truncatedTo(ChronoUnit.MICROS), now.truncatedTo(ChronoUnit.MICROS),
                Optional.empty());
        InvitationStore.insert(db, invitation, Secrets.hash(token(id)));
        audit.record(db, inviter, inviter.isEmpty() ? "auth.invitation.bootstrap" : "auth.invitation.created",
                Optional.of(id), request.role().map(role -> Map.of("maxUses", String.valueOf(request.maxUses()),
                        "role", role)).orElse(Map.of("maxUses", String.valueOf(request.maxUses()))));
        return invitation;
    }

    /** A caller's own invitations, newest first. */
    List<Invitation> mine(Principal caller, Optional<UUID> before, int limit) {
        return database.inTerritory(caller.territory(), db -> InvitationStore.byInviter(db, caller.userId(), before, limit));
    }

    /**
     * One invitation with who used it, for its inviter or a territory admin.
     *
     * @throws ProblemException 404 for anyone else (whether it exists is not revealed)
     */
    Detail get(Principal caller, UUID id) {
        return database.inTerritory(caller.territory(), db -> {
            Invitation invitation = visible(db, caller, id);
            return new Detail(invitation, InvitationStore.uses(db, id, MAX_USES));
        });
    }

    /**
     * Withdraws an invitation; withdrawing one already withdrawn changes nothing.
     *
     * @throws ProblemException 404 when the caller may not see it
     */
    void revoke(Principal caller, UUID id) {
        database.runInTerritory(caller.territory(), db -> {
            visible(db, caller, id);
            if (InvitationStore.revoke(db, id, clock.instant())) {
                audit.record(db, Optional.of(caller.userId()), "auth.invitation.revoked", Optional.of(id), Map.of());
            }
        });
    }

    /**
     * A usable invitation and the display name of whoever sent it (none for a bootstrap invitation).
     *
     * @param invitation the invitation
     * @param inviter    the inviter's display name
     */
    record Checked(Invitation invitation, Optional<String> inviter) {
    }

    /**
     * What a signup page may know about a token before registering: the invitation, and who invited
     * (the newcomer knows the person, not an id).
     *
     * @throws ProblemException 404, 410 or 409 when it cannot be used
     */
    Checked validate(TerritoryCode territory, String token) {
        byte[] hash = Secrets.hash(token);
        return database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Optional<Invitation> invitation = InvitationStore.findByToken(db, hash);
            Invitation.State state = invitation.map(found -> found.state(now)).orElse(null);
            if (state != Invitation.State.OPEN) {
                throw problemFor(state);
            }
            if (!inviterActive(db, invitation.get())) {
                throw problemFor(Invitation.State.REVOKED);
            }
            return new Checked(invitation.get(), invitation.get().inviterId()
                    .flatMap(inviter -> AccountStore.find(db, inviter)).flatMap(Account::displayName));
        });
    }

    /**
     * Who invited whom, breadth first from the bootstrap admins (or from one account).
     *
     * @param root  the account to start from; empty for every account nobody invited
     * @param depth how many levels below the start
     */
    Tree tree(TerritoryCode territory, Optional<UUID> root, int depth) {
        List<Node> rows = database.inTerritory(territory, db -> db.query(TREE, root.orElse(null), root.orElse(null),
                depth, MAX_TREE_NODES + 1).map(row -> new Node(row.column("id").get(UUID.class),
                row.column("invited_by").asOptional().map(UUID.class::cast),
                Rows.optionalString(row, "display_name"), row.column("status").get(String.class),
                Rows.optionalString(row, "roles").filter(roles -> !roles.isEmpty())
                        .map(roles -> List.of(roles.split(","))).orElse(List.of()),
                Rows.instant(row, "created_at"), new ArrayList<>())).toList());
        boolean truncated = rows.size() > MAX_TREE_NODES;
        Map<UUID, Node> byId = new LinkedHashMap<>();
        List<Node> roots = new ArrayList<>();
        for (Node node : rows.subList(0, Math.min(rows.size(), MAX_TREE_NODES))) {
            byId.put(node.id(), node);
            Node parent = node.invitedBy().map(byId::get).orElse(null);
            if (parent == null) {
                roots.add(node);
            } else {
                parent.invited().add(node);
            }
        }
        return new Tree(roots, truncated);
    }

    private static Invitation visible(DbExecute db, Principal caller, UUID id) {
        Invitation invitation = InvitationStore.find(db, id)
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.INVITATION_NOT_FOUND, "invitation.not-found"));
        boolean own = invitation.inviterId().filter(caller.userId()::equals).isPresent();
        boolean admin = AccountStore.find(db, caller.userId()).filter(account -> admin(account, caller)).isPresent();
        if (!own && !admin) {
            throw AuthProblems.problem(AuthProblems.INVITATION_NOT_FOUND, "invitation.not-found");
        }
        return invitation;
    }

    /**
     * Whether an account acts as a territory admin: it holds the role, and the caller's token does not
     * withhold it (a session without the second factor the role needs).
     */
    private static boolean admin(Account account, Principal caller) {
        return account.admin() && caller.hasRole(AuthRoles.TERRITORY_ADMIN);
    }

    private static ProblemException adminWithheld() {
        return SecurityProblems.insufficient(SecurityProblems.TWO_FACTOR_ENROLMENT_REQUIRED,
                SecurityMessages.MESSAGES.text("two-factor.role", AuthRoles.TERRITORY_ADMIN));
    }

    /**
     * A validated creation request.
     *
     * @param maxUses   uses allowed
     * @param expiresAt expiry
     * @param role      role granted on use
     * @param note      the inviter's note
     */
    record NewInvitation(int maxUses, Instant expiresAt, Optional<String> role, Optional<String> note) {
    }

    /**
     * An invitation with its token.
     *
     * @param invitation the invitation
     * @param token      its token
     */
    record Created(Invitation invitation, String token) {
    }

    /**
     * An invitation with its usage audit.
     *
     * @param invitation the invitation
     * @param uses       who registered with it, when
     */
    record Detail(Invitation invitation, List<InvitationStore.Use> uses) {
    }

    /**
     * One account in the invitation tree.
     *
     * @param id          the account
     * @param invitedBy   its inviter
     * @param displayName its name (absent once deleted)
     * @param status      its status
     * @param roles       its roles
     * @param createdAt   when it registered
     * @param invited     the accounts it invited
     */
    record Node(UUID id, Optional<UUID> invitedBy, Optional<String> displayName, String status, List<String> roles,
                Instant createdAt, List<Node> invited) {
    }

    /**
     * The tree.
     *
     * @param roots     the starting accounts
     * @param truncated whether more accounts exist than were returned
     */
    record Tree(List<Node> roots, boolean truncated) {
    }
}
