package agora.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import agora.auth.api.AuthRoles;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryProblems;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.security.web.ClientAddress;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.idempotency.Reply;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The invitation routes, the invitation tree, and the operator's bootstrap invitation. */
final class InvitationApi {
    static final String MINE = "auth-invitations";
    static final int DEFAULT_TREE_DEPTH = 3;

    private final Invitations invitations;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final TerritoryDirectory directory;
    private final Json json;
    private final Cursors cursors;
    private final Idempotency idempotency;
    private final AuthConfig config;
    private final Clock clock;
    private final Throttle throttle;
    private final ClientAddress clientAddress;

    InvitationApi(Invitations invitations, Guards guards, TerritoryResolver territories, TerritoryDirectory directory,
                  Json json, Cursors cursors, Idempotency idempotency, AuthConfig config, Clock clock, Throttle throttle,
                  ClientAddress clientAddress) {
        this.throttle = throttle;
        this.clientAddress = clientAddress;
        this.invitations = invitations;
        this.guards = guards;
        this.territories = territories;
        this.directory = directory;
        this.json = json;
        this.cursors = cursors;
        this.idempotency = idempotency;
        this.config = config;
        this.clock = clock;
    }

    void routes(Routes api) {
        api.post("/api/auth/invitations", guards.authenticated(this::create))
                .get("/api/auth/invitations", guards.authenticated(this::mine))
                .get("/api/auth/invitations/{id}", guards.authenticated(this::get))
                .delete("/api/auth/invitations/{id}", guards.authenticated(this::revoke))
                .post("/api/auth/invitations/validate", this::validate)
                .get("/api/auth/invitation-tree", guards.role(AuthRoles.TERRITORY_ADMIN, this::tree));
    }

    void operatorRoutes(Routes operator) {
        operator.post("/operator/auth/territories/{code}/bootstrap-invitation", this::bootstrap);
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        idempotency.respond(request, response, principal.territory().value() + " " + principal.userId(), () -> {
            Invitations.NewInvitation invitation = validated(json.read(request, CreateInvitation.class));
            Invitation created = invitations.create(principal, invitation);
            URI location = URI.create("/api/auth/invitations/" + created.id());
            return Reply.created(location, InvitationView.of(created, Optional.of(invitations.token(created.id())),
                            List.of(), clock.instant()))
                    .replayedAs(InvitationView.of(created, Optional.empty(), List.of(), clock.instant()));
        });
    }

    private Invitations.NewInvitation validated(CreateInvitation body) {
        Validation validation = new Validation();
        int maxUses = body.maxUses() == null ? 1 : body.maxUses();
        validation.check(maxUses >= 1 && maxUses <= Invitations.MAX_USES, FieldError.body("/maxUses", "out-of-range",
                AuthProblems.MESSAGES.text("invitation.max-uses", Invitations.MAX_USES)));
        Instant now = clock.instant();
        Instant latest = now.plus(config.invitationLifetime());
        Instant expiresAt = now.plus(Invitations.DEFAULT_LIFETIME.compareTo(config.invitationLifetime()) < 0
                ? Invitations.DEFAULT_LIFETIME : config.invitationLifetime());
        if (body.expiresAt() != null) {
            Optional<Instant> requested = parseInstant(body.expiresAt());
            validation.check(requested.filter(now::isBefore).filter(at -> !at.isAfter(latest)).isPresent(),
                    FieldError.body("/expiresAt", "out-of-range",
                            AuthProblems.MESSAGES.text("invitation.expiry", config.invitationLifetime().toDays())));
            expiresAt = requested.orElse(expiresAt);
        }
        Optional<String> note = Optional.ofNullable(body.note()).map(String::strip).filter(text -> !text.isEmpty());
        validation.check(note.map(text -> text.length() <= Invitations.MAX_NOTE).orElse(true), FieldError.body("/note",
                "too-long", AuthProblems.MESSAGES.text("invitation.note", Invitations.MAX_NOTE)));
        Optional<String> role = Optional.ofNullable(body.role());
        validation.check(role.map(AuthRoles.ALL::contains).orElse(true), FieldError.body("/role", "unknown-role",
                AuthProblems.MESSAGES.text("invitation.unknown-role", String.join(", ", new TreeSet<>(AuthRoles.ALL)))));
        validation.throwIfInvalid();
        return new Invitations.NewInvitation(maxUses, expiresAt, role, note);
    }

    private void mine(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PageRequest page = cursors.request(request, MINE);
        Optional<UUID> before = page.after().map(position -> UUID.fromString(position.getFirst()));
        List<Invitation> rows = invitations.mine(principal, before, page.fetchSize());
        Instant now = clock.instant();
        json.write(response, Status.OK_200, Page.of(rows, page, cursors, row -> List.of(row.id().toString()))
                .map(row -> InvitationView.of(row, Optional.of(invitations.token(row.id())), List.of(), now)));
    }

    private void get(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Invitations.Detail detail = invitations.get(principal, id(request));
        json.write(response, Status.OK_200, InvitationView.of(detail.invitation(),
                Optional.of(invitations.token(detail.invitation().id())), detail.uses(), clock.instant()));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        invitations.revoke(principal, id(request));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void validate(ServerRequest request, ServerResponse response) {
        AccountApi.TokenRequest body = json.read(request, AccountApi.TokenRequest.class);
        Validation validation = new Validation();
        Optional<String> token = Fields.token(validation, "/token", body.token());
        validation.throwIfInvalid();
        throttle.perAddress("invitation-check", territories.code(request), clientAddress.of(request).getHostAddress(),
                throttle.config().invitationChecks());
        Invitations.Checked checked = invitations.validate(territories.code(request), token.orElseThrow());
        Invitation invitation = checked.invitation();
        json.write(response, Status.OK_200, new Validity(true, invitation.expiresAt(),
                invitation.maxUses() - invitation.uses(), invitation.role(), checked.inviter()));
    }

    private void tree(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Validation validation = new Validation();
        Optional<UUID> root = request.query().first("root").asOptional().flatMap(text -> {
            Optional<UUID> parsed = Paths.uuid(text);
            validation.check(parsed.isPresent(), FieldError.query("root", "invalid-id",
                    AuthProblems.MESSAGES.text("field.id")));
            return parsed;
        });
        int depth = request.query().first("depth").asOptional().map(text -> {
            int parsed = text.matches("\\d{1,2}") ? Integer.parseInt(text) : -1;
            validation.check(parsed >= 0 && parsed <= Invitations.MAX_TREE_DEPTH, FieldError.query("depth",
                    "out-of-range", AuthProblems.MESSAGES.text("tree.depth", Invitations.MAX_TREE_DEPTH)));
            return parsed;
        }).orElse(DEFAULT_TREE_DEPTH);
        validation.throwIfInvalid();
        json.write(response, Status.OK_200, invitations.tree(principal.territory(), root, depth));
    }

    private void bootstrap(ServerRequest request, ServerResponse response) {
        String text = request.path().pathParameters().get("code");
        TerritoryCode code = TerritoryCode.parse(text)
                .filter(parsed -> directory.find(parsed).isPresent())
                .orElseThrow(() -> TerritoryProblems.unknown(text));
        Invitations.Created created = invitations.bootstrap(code);
        json.write(response, Status.CREATED_201, new Bootstrap(code.value(), created.invitation().id(),
                created.token(), created.invitation().expiresAt()));
    }

    private static UUID id(ServerRequest request) {
        return Paths.uuid(request, "id")
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.INVITATION_NOT_FOUND, "invitation.not-found"));
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code POST /api/auth/invitations}.
     *
     * @param maxUses   how many may register with it (1 when absent)
     * @param expiresAt RFC 3339 expiry (7 days when absent)
     * @param note      a note for the inviter and the admins
     * @param role      a role each registered account gets (territory admins only)
     */
    record CreateInvitation(Integer maxUses, String expiresAt, String note, String role) {
    }

    /**
     * What a signup page learns from a valid token.
     *
     * @param valid         always true (an unusable token is a problem)
     * @param expiresAt     when it expires
     * @param remainingUses how many more may register
     * @param role          the role it grants
     * @param inviter       the display name of whoever sent it (empty for a bootstrap invitation)
     */
    record Validity(boolean valid, Instant expiresAt, int remainingUses, Optional<String> role,
                    Optional<String> inviter) {
    }

    /**
     * The operator's bootstrap invitation.
     *
     * @param territory the territory
     * @param id        the invitation
     * @param token     its token: the first territory admin registers with it
     * @param expiresAt when it expires
     */
    record Bootstrap(String territory, UUID id, String token, Instant expiresAt) {
    }

}
