package agora.user;

import agora.auth.api.AccountDirectory;
import agora.auth.api.AuthEvents;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.data.Database;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.platform.security.Guards;
import agora.platform.security.Security;
import agora.user.api.BlockFacts;
import agora.user.api.ProfileSectionContribution;
import agora.user.api.UserCatalog;
import agora.user.avatar.Avatars;
import agora.user.erasure.Erasure;
import agora.user.export.ExportApi;
import agora.user.follow.FollowApi;
import agora.user.follow.Follows;
import agora.user.follow.Relations;
import agora.user.follow.StoredBlockFacts;
import agora.user.privacy.PrivacyApi;
import agora.user.profile.ProfileApi;
import agora.user.profile.Profiles;
import agora.user.search.SearchApi;
import agora.user.sections.ProfileSections;

/**
 * The user service as the host runs it: profiles ({@code agora.user.profile}), avatars
 * ({@code agora.user.avatar}), privacy
 * ({@code agora.user.privacy}), follows and blocks ({@code agora.user.follow}), search
 * ({@code agora.user.search}) and erasure ({@code agora.user.erasure}), with their tables in every
 * territory ({@code db/user/}).
 *
 * <p>Profiles come from auth's {@code auth.user_registered}, and from auth's
 * {@link AccountDirectory} for members who registered before this service ran (the territory-ready
 * replay) or whose event has not arrived yet; {@code auth.account_deleted} erases them. The service
 * answers {@link BlockFacts} for the forum and chat. The member's export ({@link ExportApi}) gathers
 * every service's contribution, this one's too ({@link UserExport}); a profile shows the sections
 * other services contribute ({@link ProfileSections}).
 */
public final class UserService implements AgoraService {

    /** For {@code ServiceLoader}. */
    public UserService() {
    }

    @Override
    public String name() {
        return UserCatalog.SERVICE;
    }

    @Override
    public void mount(Mount mount) {
        mount.territoryTables();
        Database database = mount.database();
        Security security = mount.security();
        Guards guards = security.guards();
        Audit audit = new Audit(mount.auditLog());
        Profiles profiles = new Profiles(database, mount.facts(AccountDirectory.class), mount.territories(),
                mount.clock(), audit);
        Follows follows = new Follows(database, profiles, mount.outbox(), mount.clock(), audit);
        mount.provide(BlockFacts.class, new StoredBlockFacts(database));
        // One consumer for both, so a registration is always applied before its deletion.
        mount.subscription("profiles", AuthEvents.SERVICE)
                .on(AuthEvents.USER_REGISTERED, (db, event, registered) ->
                        profiles.registered(db, registered.userId(), registered.displayName()))
                .on(AuthEvents.ACCOUNT_DELETED, (db, event, deleted) -> Erasure.erase(db, deleted.userId()));
        mount.onTerritoryReady(profiles::replay);

        ProfileSections sections = new ProfileSections(mount.contributions(ProfileSectionContribution.class),
                mount.config().get("profile"));
        ProfileApi profileApi = new ProfileApi(profiles, sections, guards, mount.resolver(), mount.json());
        PrivacyApi privacyApi = new PrivacyApi(profiles, profileApi, database, guards, mount.json(), mount.clock(),
                audit);
        FollowApi followApi = new FollowApi(follows, guards, mount.resolver(), mount.json(), mount.cursors(),
                mount.idempotency());
        SearchApi searchApi = new SearchApi(database, guards, mount.resolver(), mount.json(), mount.cursors(),
                mount.state().rateLimiter("user-search"), mount.config().get("search"), mount.security().clientAddress());
        mount.routes(routes -> {
            // Literal paths first: /api/users/{id} would otherwise take "me" and "search".
            profileApi.ownRoutes(routes);
            privacyApi.routes(routes);
            followApi.ownRoutes(routes);
            searchApi.routes(routes);
            followApi.memberRoutes(routes);
            profileApi.memberRoutes(routes);
        });
        mount.problems(UserProblems.ALL);
        Avatars avatars = Avatars.mount(mount, (request, territory, member) ->
                profiles.visible(territory, Viewer.of(request), member));
        mount.problems(Avatars.PROBLEMS);
        mount.contribute(MemberExportContribution.class,
                new UserExport(profiles, new Relations(database), avatars, mount.json()));
        ExportApi.mount(mount);
    }
}
