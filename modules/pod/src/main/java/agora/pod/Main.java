package agora.pod;

import agora.platform.web.AgoraServer;

import io.helidon.config.Config;

/** Starts a pod: {@code ./agora run}. */
public final class Main {
    private Main() {
    }

    /**
     * Starts the pod and stops it cleanly on SIGTERM or Ctrl-C.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        AgoraServer.configureLogging();
        Pod pod = Pod.start(Config.create());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(pod::close));
    }
}
