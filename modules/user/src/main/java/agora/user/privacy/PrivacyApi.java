package agora.user.privacy;

import java.time.Clock;
import java.util.Map;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.Validation;
import agora.platform.data.Database;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.user.Audit;
import agora.user.UserProblems;
import agora.user.follow.FollowStore;
import agora.user.profile.ProfileApi;
import agora.user.profile.ProfileStore;
import agora.user.profile.Profiles;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code PUT /api/users/me/privacy}: the member's privacy settings, whole. Unlocking an account
 * approves the follow requests that were waiting (nothing is left to approve them for).
 */
public final class PrivacyApi {
    private final Profiles profiles;
    private final ProfileApi views;
    private final Database database;
    private final Guards guards;
    private final Json json;
    private final Clock clock;
    private final Audit audit;

    /**
     * @param profiles the profiles
     * @param views    the owner's view of a profile (the answer is the profile after the change)
     * @param database the pod's database
     * @param guards   the route guards
     * @param json     JSON reading and writing
     * @param clock    the clock
     * @param audit    the audit trail
     */
    public PrivacyApi(Profiles profiles, ProfileApi views, Database database, Guards guards, Json json, Clock clock,
                      Audit audit) {
        this.profiles = profiles;
        this.views = views;
        this.database = database;
        this.guards = guards;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    /** The route. */
    public void routes(Routes api) {
        api.put("/api/users/me/privacy", guards.authenticated(this::put));
    }

    private void put(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PrivacyRequest body = json.read(request, PrivacyRequest.class);
        Validation validation = new Validation();
        Visibility visibility = body.visibility() == null ? null : Visibility.fromWire(body.visibility()).orElse(null);
        validation.check(visibility != null, UserProblems.field("/visibility", "invalid-visibility",
                "field.visibility"));
        required(validation, "/locked", body.locked());
        required(validation, "/searchable", body.searchable());
        required(validation, "/showBadges", body.showBadges());
        required(validation, "/showCourses", body.showCourses());
        validation.throwIfInvalid();
        Privacy privacy = new Privacy(visibility, body.locked(), body.searchable(), body.showBadges(),
                body.showCourses());
        TerritoryCode territory = principal.territory();
        if (!profiles.ensure(territory, principal.userId())) {
            throw UserProblems.notFound();
        }
        database.runInTerritory(territory, db -> {
            ProfileStore.lock(db, principal.userId());
            ProfileStore.setPrivacy(db, principal.userId(), privacy, clock.instant());
            if (!privacy.locked()) {
                FollowStore.approveAll(db, principal.userId(), clock.instant());
            }
            audit.record(db, principal.userId(), "user.privacy.changed", principal.userId(),
                    Map.of("visibility", visibility.wire(), "locked", Boolean.toString(privacy.locked()),
                            "searchable", Boolean.toString(privacy.searchable())));
        });
        json.write(response, Status.OK_200, views.own(territory, profiles.own(territory, principal.userId())));
    }

    private static void required(Validation validation, String pointer, Boolean value) {
        validation.check(value != null, UserProblems.field(pointer, "required", "field.required"));
    }

    /**
     * The settings, whole: every field is required.
     *
     * @param visibility  {@code territory}, {@code members} or {@code followers}
     * @param locked      whether follows need approval
     * @param searchable  whether the profile appears in search
     * @param showBadges  whether others see badges
     * @param showCourses whether others see course completions
     */
    record PrivacyRequest(String visibility, Boolean locked, Boolean searchable, Boolean showBadges,
                          Boolean showCourses) {
    }
}
