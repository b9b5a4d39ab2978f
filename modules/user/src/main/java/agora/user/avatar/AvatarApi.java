package agora.user.avatar;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The avatar routes. The public file URL names the territory in its path
 * ({@code /avatars/{territory}/{user}/{file}}): an {@code <img>} sends no {@code X-Territory}
 * header, and a pod serving several territories under one host name must still find the right
 * schema. {@code GET /api/users/{id}/avatar} resolves the member in the request's territory (host,
 * header, default, as every API route) and redirects to the current file.
 */
final class AvatarApi {
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{32}-(256|64)\\.jpg");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final Avatars avatars;
    private final Sightline sight;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Predicate<TerritoryCode> served;
    private final Json json;

    AvatarApi(Avatars avatars, Sightline sight, Guards guards, TerritoryResolver territories,
              Predicate<TerritoryCode> served, Json json) {
        this.avatars = avatars;
        this.sight = sight;
        this.guards = guards;
        this.territories = territories;
        this.served = served;
        this.json = json;
    }

    void routes(Routes api) {
        api.upload("/api/users/me/avatar", guards.authenticated(this::upload))
                .delete("/api/users/me/avatar", guards.authenticated(this::remove))
                .get("/api/users/{id}/avatar", guards.optional(this::current))
                .get("/avatars/{territory}/{user}/{file}", this::file);
    }

    private void upload(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        TerritoryCode territory = territories.code(request);
        avatars.admit(territory, principal.userId());
        AvatarUrls urls = avatars.replace(territory, principal.userId(), Upload.read(request));
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        json.write(response, Status.OK_200, urls);
    }

    private void remove(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        avatars.remove(territories.code(request), principal.userId());
        response.status(Status.NO_CONTENT_204).send();
    }

    /**
     * Redirects to the member's current file (303: the target changes when the avatar does), where
     * the caller may see the member's profile; a hidden one answers as one without an avatar.
     */
    private void current(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        String id = request.path().pathParameters().get("id");
        boolean small = switch (request.query().first("size").orElse("256")) {
            case "256" -> false;
            case "64" -> true;
            default -> throw new ProblemException(ProblemKind.INVALID_PARAMETER,
                    AvatarProblems.MESSAGES.text("avatar.size"));
        };
        AvatarUrls urls = uuid(id).filter(user -> sight.sees(request, territory, user))
                .flatMap(user -> avatars.current(territory, user))
                .orElseThrow(() -> AvatarProblems.problem(AvatarProblems.NOT_FOUND, "avatar.none"));
        response.header(HeaderNames.LOCATION, small ? urls.small() : urls.large());
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.status(Status.SEE_OTHER_303).send();
    }

    private void file(ServerRequest request, ServerResponse response) {
        var parameters = request.path().pathParameters();
        String name = parameters.get("file");
        Optional<TerritoryCode> territory = TerritoryCode.parse(parameters.get("territory")).filter(served);
        Optional<UUID> user = uuid(parameters.get("user"));
        Optional<byte[]> found = territory.isPresent() && user.isPresent() && FILE_NAME.matcher(name).matches()
                ? avatars.file(territory.get(), user.get(), name)
                : Optional.empty();
        byte[] bytes = found.orElseThrow(() -> AvatarProblems.problem(AvatarProblems.NOT_FOUND, "avatar.file-gone"));
        String etag = "\"" + name.substring(0, name.indexOf('.')) + "\"";
        response.header(HeaderNames.CACHE_CONTROL, IMMUTABLE);
        response.header(HeaderNames.ETAG, etag);
        response.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        response.header("Content-Security-Policy", "default-src 'none'; sandbox");
        boolean unchanged = request.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(match -> match.trim().equals("*") || java.util.Arrays.stream(match.split(","))
                        .map(String::trim).map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                        .anyMatch(etag::equals))
                .orElse(false);
        if (unchanged) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, "image/jpeg");
        response.status(Status.OK_200).send(bytes);
    }

    private static Optional<UUID> uuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
