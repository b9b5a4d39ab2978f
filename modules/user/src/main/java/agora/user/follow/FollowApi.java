package agora.user.follow;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.idempotency.Reply;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;
import agora.user.ProfileIds;
import agora.user.Viewer;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The follow and block routes, and the lists they make (cursor-paginated, newest first). */
public final class FollowApi {
    private final Follows follows;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Json json;
    private final Cursors cursors;
    private final Idempotency idempotency;

    /**
     * @param follows     follows and blocks
     * @param guards      the route guards
     * @param territories each request's territory
     * @param json        JSON reading and writing
     * @param cursors     list cursors
     * @param idempotency replays of POSTs
     */
    public FollowApi(Follows follows, Guards guards, TerritoryResolver territories, Json json, Cursors cursors,
                     Idempotency idempotency) {
        this.follows = follows;
        this.guards = guards;
        this.territories = territories;
        this.json = json;
        this.cursors = cursors;
        this.idempotency = idempotency;
    }

    /** The caller's own lists and requests ({@code /api/users/me/…}). */
    public void ownRoutes(Routes api) {
        api.get("/api/users/me/follow-requests", guards.authenticated(this::requests))
                .post("/api/users/me/follow-requests/{id}/approve", guards.authenticated(this::approve))
                .post("/api/users/me/follow-requests/{id}/reject", guards.authenticated(this::reject))
                .get("/api/users/me/blocks", guards.authenticated(this::blocks));
    }

    /** The routes on another member ({@code /api/users/{id}/…}). */
    public void memberRoutes(Routes api) {
        api.post("/api/users/{id}/follow", guards.authenticated(this::follow))
                .delete("/api/users/{id}/follow", guards.authenticated(this::unfollow))
                .get("/api/users/{id}/followers", guards.optional(this::followers))
                .get("/api/users/{id}/following", guards.optional(this::following))
                .post("/api/users/{id}/block", guards.authenticated(this::block))
                .delete("/api/users/{id}/block", guards.authenticated(this::unblock));
    }

    private void follow(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Viewer viewer = Viewer.of(request);
        UUID target = ProfileIds.of(request, viewer);
        idempotency.respond(request, response, scope(principal, "follow"), () -> Reply.ok(new FollowView(target,
                follows.follow(principal.territory(), principal.userId(), target).wire())));
    }

    private void unfollow(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        follows.unfollow(principal.territory(), principal.userId(), ProfileIds.of(request, Viewer.of(request)));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void followers(ServerRequest request, ServerResponse response) {
        Viewer viewer = Viewer.of(request);
        TerritoryCode territory = territories.code(request);
        UUID member = ProfileIds.of(request, viewer);
        PageRequest page = cursors.request(request, "followers");
        json.write(response, Status.OK_200, page(page,
                follows.followers(territory, viewer, member, after(page), page.fetchSize())));
    }

    private void following(ServerRequest request, ServerResponse response) {
        Viewer viewer = Viewer.of(request);
        TerritoryCode territory = territories.code(request);
        UUID member = ProfileIds.of(request, viewer);
        PageRequest page = cursors.request(request, "following");
        json.write(response, Status.OK_200, page(page,
                follows.following(territory, viewer, member, after(page), page.fetchSize())));
    }

    private void requests(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PageRequest page = cursors.request(request, "follow-requests");
        json.write(response, Status.OK_200, page(page,
                follows.requests(principal.territory(), principal.userId(), after(page), page.fetchSize())));
    }

    private void approve(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        follows.approve(principal.territory(), principal.userId(), requester(request));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void reject(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        follows.reject(principal.territory(), principal.userId(), requester(request));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void block(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        UUID target = ProfileIds.of(request, Viewer.of(request));
        idempotency.respond(request, response, scope(principal, "block"), () -> {
            follows.block(principal.territory(), principal.userId(), target);
            return Reply.ok(new BlockView(target, true));
        });
    }

    private void unblock(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        follows.unblock(principal.territory(), principal.userId(), ProfileIds.of(request, Viewer.of(request)));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void blocks(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PageRequest page = cursors.request(request, "blocks");
        json.write(response, Status.OK_200, page(page,
                follows.blocks(principal.territory(), principal.userId(), after(page), page.fetchSize())));
    }

    private UUID requester(ServerRequest request) {
        try {
            return UUID.fromString(request.path().pathParameters().first("id").orElse(""));
        } catch (IllegalArgumentException e) {
            throw agora.user.UserProblems.problem(agora.user.UserProblems.FOLLOW_REQUEST_NOT_FOUND,
                    "follow-request.not-found");
        }
    }

    private Page<MemberItem> page(PageRequest page, List<MemberItem> rows) {
        return Page.of(rows, page, cursors, item -> List.of(item.since().toString(), item.id().toString()));
    }

    /* The position a cursor carries (signed, so only ours arrive; still checked). */
    private static Object[] after(PageRequest page) {
        if (page.after().isEmpty()) {
            return FollowStore.START;
        }
        List<String> position = page.after().get();
        try {
            if (position.size() != 2) {
                throw new IllegalArgumentException("position");
            }
            return new Object[] {Database.timestamp(Instant.parse(position.get(0))), UUID.fromString(position.get(1))};
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.INVALID_CURSOR, PlatformMessages.text("cursor.invalid"));
        }
    }

    private static String scope(Principal principal, String action) {
        return principal.territory().value() + " user." + action + " " + principal.userId();
    }

    /**
     * The answer to {@code POST /api/users/{id}/follow}.
     *
     * @param id    the member followed
     * @param state {@code following}, or {@code requested} when the account is locked
     */
    record FollowView(UUID id, String state) {
    }

    /**
     * The answer to {@code POST /api/users/{id}/block}.
     *
     * @param id      the member blocked
     * @param blocked always true
     */
    record BlockView(UUID id, boolean blocked) {
    }
}
