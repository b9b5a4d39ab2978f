package agora.web;

import java.util.List;

import agora.platform.host.AgoraService;
import agora.platform.host.Mount;

/**
 * The web UI as the host runs it: no tables, no routes of its own, one filter on the public
 * listener ({@link AppFilter}) serving the app built into this module's jar.
 */
public final class WebService implements AgoraService {
    private final Assets assets;

    /** For {@code ServiceLoader}: the app built into this jar. */
    public WebService() {
        this(Assets.bundled());
    }

    WebService(Assets assets) {
        this.assets = assets;
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public void mount(Mount mount) {
        mount.routes(routes -> routes.filter(new AppFilter(assets)));
        mount.problems(List.of());
        mount.describe("Web UI", () -> assets.built()
                ? "served at / (built into the web module's jar)"
                : "not built (Node 20 with npm builds it: ./agora run does when npm is on the PATH); the API answers");
    }
}
