package agora.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agora.platform.core.Limits;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * The process {@link SlowClientsTest} starts under a low file limit: the platform's listeners, kept
 * listening by {@link Listeners}, with a short header timeout and a route that reports the heap in
 * use. It prints its ports, then obeys lines on its standard input: {@code hog} opens files until
 * the process has no descriptor left, {@code release} closes them, {@code status} prints what the
 * listeners' watch knows; it ends when its input closes.
 */
public final class FileLimitedServer {
    private FileLimitedServer() {
    }

    /**
     * Starts the server.
     *
     * @param args the header timeout (ISO-8601)
     * @throws Exception never on purpose
     */
    public static void main(String[] args) throws Exception {
        ConnectionLimits limits = new ConnectionLimits(Duration.parse(args[0]), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Optional.empty());
        Json json = new Json(Limits.DEFAULT);
        Listeners listeners = Listeners.start(ports -> {
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1",
                            ports.getOrDefault(WebServer.DEFAULT_SOCKET_NAME, 0),
                            ports.getOrDefault(AgoraServer.OPERATOR_SOCKET, 0), Limits.DEFAULT, Duration.ofSeconds(1),
                            limits), json,
                    routes -> routes
                            .get("/api/hello", (req, res) -> res.send("hello"))
                            .get("/api/heap", (req, res) -> {
                                System.gc();
                                Runtime runtime = Runtime.getRuntime();
                                res.send(Long.toString(runtime.totalMemory() - runtime.freeMemory()));
                            }),
                    operator -> operator.get("/operator/ping", (req, res) -> res.send("pong")));
            return builder.build();
        }, Map.of(WebServer.DEFAULT_SOCKET_NAME, "127.0.0.1", AgoraServer.OPERATOR_SOCKET, "127.0.0.1"),
                Duration.ofSeconds(1));
        System.out.println("LISTENING " + listeners.port(WebServer.DEFAULT_SOCKET_NAME) + " "
                + listeners.port(AgoraServer.OPERATOR_SOCKET));
        System.out.flush();
        List<FileChannel> hogged = new ArrayList<>();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command) {
                case "hog" -> {
                    try {
                        while (true) {
                            hogged.add(FileChannel.open(Path.of("/dev/null")));
                        }
                    } catch (IOException exhausted) {
                        System.out.println("HELD " + hogged.size());
                    }
                }
                case "release" -> {
                    for (FileChannel channel : hogged) {
                        channel.close();
                    }
                    hogged.clear();
                    System.out.println("RELEASED");
                }
                case "status" -> System.out.println("STATUS restarts=" + listeners.restarts() + " trouble="
                        + listeners.trouble().orElse("none"));
                default -> System.out.println("UNKNOWN " + command);
            }
            System.out.flush();
        }
        listeners.close();
        System.exit(0);
    }
}
