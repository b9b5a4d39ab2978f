package agora.pod;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agora.platform.core.Limits;
import agora.platform.host.OperatorToken;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;

/**
 * The operator's commands ({@code ./agora territory …}, {@code ./agora auth …}), sent to a running pod's operator listener
 * on 127.0.0.1 ({@code AGORA_OPERATOR_URL}, default {@code http://127.0.0.1:8081}) with the operator token, found as
 * the pod finds it ({@link OperatorToken}: {@code AGORA_OPERATOR_TOKEN}, else the file
 * {@code AGORA_OPERATOR_TOKEN_dash_FILE} or {@code $AGORA_HOME/.agora/operator.token}).
 */
public final class Cli {
    private static final String USAGE = """
            usage: agora territory list
                   agora territory create CODE --name NAME [--language LANG] [--host HOST]...
                   agora territory activate CODE
                   agora territory deactivate CODE
                   agora auth rotate-keys CODE
                   agora bootstrap-admin --territory CODE""";

    private final URI operator;
    private final OperatorToken token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new Json(Limits.DEFAULT).mapper();

    private Optional<String> credential = Optional.empty();

    Cli(URI operator, OperatorToken token, PrintStream out, PrintStream err) {
        this.operator = operator;
        this.token = token;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command and exits with its status.
     *
     * @param args the command
     */
    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("AGORA_OPERATOR_URL",
                "http://127.0.0.1:" + System.getenv().getOrDefault("AGORA_OPERATOR_PORT", "8081"));
        // The pod's own configuration sources (environment, system properties, its application.yaml),
        // so the token is looked for where the pod keeps it.
        System.exit(new Cli(URI.create(url), OperatorToken.from(Config.create()), System.out, System.err)
                .run(List.of(args)));
    }

    int run(List<String> args) {
        if (args.size() < 2 || !List.of("territory", "auth", "bootstrap-admin").contains(args.getFirst())) {
            err.println(USAGE);
            return 2;
        }
        credential = token.current();
        if (credential.isEmpty()) {
            err.println("No operator token in " + token.source() + ": a pod writes it there on its first start. "
                    + "Start one with ./agora run, or point AGORA_HOME (or AGORA_OPERATOR_TOKEN_dash_FILE) at the "
                    + "running pod's.");
            return 1;
        }
        try {
            if (args.getFirst().equals("auth")) {
                return auth(args.subList(1, args.size()));
            }
            if (args.getFirst().equals("bootstrap-admin")) {
                return bootstrapAdmin(args.subList(1, args.size()));
            }
            return switch (args.get(1)) {
                case "list" -> list();
                case "create" -> create(args.subList(2, args.size()));
                case "activate", "deactivate" -> {
                    if (args.size() != 3) {
                        err.println(USAGE);
                        yield 2;
                    }
                    yield show(send("POST", "/operator/territories/" + args.get(2) + "/" + args.get(1), null), 200);
                }
                default -> {
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (ConnectException e) {
            err.println("No pod answers at " + operator + ": start one with ./agora run, or set AGORA_OPERATOR_URL.");
            return 1;
        } catch (IOException e) {
            err.println("Talking to " + operator + " failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int auth(List<String> args) throws IOException, InterruptedException {
        if (args.size() != 2 || !args.getFirst().equals("rotate-keys")) {
            err.println(USAGE);
            return 2;
        }
        HttpResponse<String> response = send("POST", "/operator/auth/territories/" + args.get(1) + "/keys/rotate", null);
        if (response.statusCode() != 200) {
            return problem(response);
        }
        JsonNode keys = mapper.readTree(response.body());
        List<String> retired = new ArrayList<>();
        keys.path("retired").forEach(kid -> retired.add(kid.asText()));
        out.println(keys.get("territory").asText() + "  current " + keys.get("current").asText()
                + "  next " + keys.get("next").asText() + "  retired " + String.join(" ", retired));
        return 0;
    }

    /**
     * Prints a one-time territory-admin invitation, its token alone on the last line (for scripts:
     * {@code ./agora bootstrap-admin --territory DK | tail -1}).
     */
    private int bootstrapAdmin(List<String> args) throws IOException, InterruptedException {
        if (args.size() != 2 || !args.getFirst().equals("--territory")) {
            err.println(USAGE);
            return 2;
        }
        HttpResponse<String> response = send("POST", "/operator/auth/territories/" + args.get(1)
                + "/bootstrap-invitation", null);
        if (response.statusCode() != 201) {
            return problem(response);
        }
        JsonNode invitation = mapper.readTree(response.body());
        out.println("One-time territory-admin invitation for " + invitation.get("territory").asText()
                + " (expires " + invitation.get("expiresAt").asText() + ").");
        out.println("Register with it: POST /api/auth/register with {\"invitation\": <token>, \"email\", "
                + "\"displayName\", \"password\"} and the header X-Territory: " + invitation.get("territory").asText());
        out.println(invitation.get("token").asText());
        return 0;
    }

    private int list() throws IOException, InterruptedException {
        String path = "/operator/territories?limit=100";
        while (true) {
            HttpResponse<String> response = send("GET", path, null);
            if (response.statusCode() != 200) {
                return problem(response);
            }
            JsonNode page = mapper.readTree(response.body());
            page.get("items").forEach(item -> out.println(line(item)));
            if (page.get("next").isNull()) {
                return 0;
            }
            path = "/operator/territories?limit=100&cursor=" + page.get("next").asText();
        }
    }

    private int create(List<String> args) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", args.getFirst());
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                err.println("missing value after " + option + "\n" + USAGE);
                return 2;
            }
            String value = args.get(++i);
            switch (option) {
                case "--name" -> body.put("name", value);
                case "--language" -> body.put("language", value);
                case "--host" -> hosts.add(value);
                default -> {
                    err.println("unknown option " + option + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (!hosts.isEmpty()) {
            body.put("hosts", hosts);
        }
        return show(send("POST", "/operator/territories", mapper.writeValueAsString(body)), 201);
    }

    private int show(HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            return problem(response);
        }
        out.println(line(mapper.readTree(response.body())));
        return 0;
    }

    private int problem(HttpResponse<String> response) throws IOException {
        JsonNode problem = mapper.readTree(response.body());
        err.println("Refused (" + response.statusCode() + " " + problem.path("code").asText() + "): "
                + problem.path("detail").asText());
        if (response.statusCode() == 401) {
            err.println("The token sent was read from " + token.source() + "; is that the running pod's?");
        }
        problem.path("errors").forEach(error -> err.println("  " + error.path("pointer").asText()
                + ": " + error.path("detail").asText()));
        return 1;
    }

    private static String line(JsonNode territory) {
        List<String> hosts = new ArrayList<>();
        territory.path("hosts").forEach(host -> hosts.add(host.asText()));
        return String.format("%s  %-20s %-3s %-12s %s", territory.get("code").asText(), territory.get("name").asText(),
                territory.get("language").asText(), territory.get("status").asText(), String.join(" ", hosts)).strip();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(operator.resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + credential.orElseThrow())
                .header("Accept-Language", System.getenv().getOrDefault("AGORA_LANGUAGE", "en"));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
