package agora.user;

import java.util.List;

import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.user.api.UserCatalog;
import agora.user.avatar.Avatars;

/**
 * The user service as the host runs it: its tables in every territory ({@code db/user/}), its
 * routes ({@link UserApi}) and members' avatars ({@link Avatars}: routes, erasure, current URLs).
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
        UserApi api = new UserApi(mount.security().guards(), mount.json());
        mount.routes(api::routes);
        Avatars.mount(mount);
        mount.problems(Avatars.PROBLEMS);
    }
}
