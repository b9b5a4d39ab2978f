package agora.platform.host;

import agora.platform.web.AgoraServer;

import io.helidon.config.Config;

/**
 * Starts a process with the services on its module path: {@code ./agora run} (the pod) and every
 * per-service image.
 */
public final class Main {
    private Main() {
    }

    /**
     * Starts the process and stops it cleanly on SIGTERM or Ctrl-C.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        AgoraServer.configureLogging();
        Host host = Host.start(Config.create());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(host::close));
    }
}
