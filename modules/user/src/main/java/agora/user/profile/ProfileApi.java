package agora.user.profile;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.Validation;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.user.ProfileIds;
import agora.user.Viewer;
import agora.user.api.ProfileViewer;
import agora.user.sections.ProfileSections;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The profile routes: the caller's own profile and its edit, another member's, and the lookup by handle. */
public final class ProfileApi {
    /** Where an account is deleted: auth owns accounts. */
    static final String ACCOUNT_DELETION = "/api/auth/account";

    private final Profiles profiles;
    private final ProfileSections sections;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Json json;

    /**
     * @param profiles    the profiles
     * @param sections    what other services add to profiles
     * @param guards      the route guards
     * @param territories each request's territory
     * @param json        JSON reading and writing
     */
    public ProfileApi(Profiles profiles, ProfileSections sections, Guards guards, TerritoryResolver territories,
                      Json json) {
        this.profiles = profiles;
        this.sections = sections;
        this.guards = guards;
        this.territories = territories;
        this.json = json;
    }

    /** The caller's own routes ({@code /api/users/me…}); mounted before any {@code /api/users/{id}} route. */
    public void ownRoutes(Routes api) {
        api.get("/api/users/me", guards.authenticated(this::me))
                .patch("/api/users/me", guards.authenticated(this::edit))
                .delete("/api/users/me", guards.authenticated(this::delete))
                .get("/api/users/by-handle/{handle}", guards.optional(this::byHandle));
    }

    /** {@code GET /api/users/{id}}: mounted after every other {@code /api/users/<word>} route. */
    public void memberRoutes(Routes api) {
        api.get("/api/users/{id}", guards.optional(this::member));
    }

    private void me(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, own(principal.territory(), profiles.own(principal.territory(),
                principal.userId())));
    }

    private void member(ServerRequest request, ServerResponse response) {
        Viewer viewer = Viewer.of(request);
        TerritoryCode territory = territories.code(request);
        json.write(response, Status.OK_200, seen(territory, viewer,
                profiles.seen(territory, viewer, ProfileIds.of(request, viewer))));
    }

    private void byHandle(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        String handle = request.path().pathParameters().first("handle").orElse("");
        Viewer viewer = Viewer.of(request);
        json.write(response, Status.OK_200, seen(territory, viewer, profiles.byHandle(territory, viewer, handle)));
    }

    /**
     * The owner's view of their profile, with every section other services answer.
     *
     * @param territory the member's territory
     * @param profile   the profile, read by its owner
     * @return the view
     */
    public OwnProfileView own(TerritoryCode territory, Profile profile) {
        return OwnProfileView.of(territory, profile,
                sections.gather(territory, profile.id(), ProfileViewer.OWNER, profile.privacy()));
    }

    /* Another's view: the sections as the member's privacy shows them to this viewer. */
    private ProfileView seen(TerritoryCode territory, Viewer viewer, Profile profile) {
        return ProfileView.of(territory, profile,
                sections.gather(territory, profile.id(), relation(viewer, profile), profile.privacy()));
    }

    private static ProfileViewer relation(Viewer viewer, Profile profile) {
        if (viewer.id().equals(profile.id())) {
            return ProfileViewer.OWNER;
        }
        if (!viewer.member()) {
            return ProfileViewer.ANONYMOUS;
        }
        return profile.followed() ? ProfileViewer.FOLLOWER : ProfileViewer.MEMBER;
    }

    private void edit(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        EditRequest body = json.read(request, EditRequest.class);
        Validation validation = new Validation();
        Profiles.Changes changes = new Profiles.Changes(
                Optional.ofNullable(body.displayName()).flatMap(name -> ProfileFields.displayName(validation, name)),
                Optional.ofNullable(body.handle()).flatMap(handle -> ProfileFields.handle(validation, handle)),
                Optional.ofNullable(body.bio()).flatMap(bio -> ProfileFields.bio(validation, bio)),
                Optional.ofNullable(body.pronouns()).map(pronouns -> ProfileFields.pronouns(validation, pronouns)),
                Optional.ofNullable(body.language()).map(language -> language.isEmpty() ? Optional.<String>empty()
                        : ProfileFields.language(validation, language, profiles.languages(principal.territory()))),
                Optional.ofNullable(body.links()).flatMap(links -> ProfileFields.links(validation, links)));
        validation.throwIfInvalid();
        json.write(response, Status.OK_200, own(principal.territory(),
                profiles.edit(principal.territory(), principal.userId(), changes)));
    }

    /**
     * Not a second deletion: the account is auth's, and auth deletes it (password, and the second
     * factor when on). A 308 sends the same request, body and all, to auth's route (decision 105).
     */
    private void delete(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.LOCATION, URI.create(ACCOUNT_DELETION).toString());
        response.status(Status.PERMANENT_REDIRECT_308).send();
    }

    /**
     * {@code PATCH /api/users/me}: each field present changes; absent fields stay.
     *
     * @param displayName the name others see
     * @param handle      the {@code @handle}
     * @param bio         Markdown; {@code ""} clears it
     * @param pronouns    {@code ""} clears them
     * @param language    one of the territory's languages; {@code ""} clears it
     * @param links       http(s) links; {@code []} clears them
     */
    record EditRequest(String displayName, String handle, String bio, String pronouns, String language,
                       List<String> links) {
    }
}
