package agora.auth;

import java.util.List;

import agora.auth.api.AuthKeys;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryProblems;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The key routes: the public JWKS of the request's territory, and rotation for operators. */
final class KeysApi {
    /**
     * How long clients may cache the key set. A key is published for a whole rotation period before
     * it signs, and verifiers refetch on an unknown kid, so a short age is plenty.
     */
    static final String JWKS_CACHE_CONTROL = "public, max-age=300";

    private final KeyRing keys;
    private final TerritoryResolver resolver;
    private final TerritoryDirectory territories;
    private final Json json;

    KeysApi(KeyRing keys, TerritoryResolver resolver, TerritoryDirectory territories, Json json) {
        this.keys = keys;
        this.resolver = resolver;
        this.territories = territories;
        this.json = json;
    }

    void routes(Routes api) {
        api.get(AuthKeys.JWKS_PATH, this::jwks);
    }

    void operatorRoutes(Routes operator) {
        operator.post("/operator/auth/territories/{code}/keys/rotate", this::rotate);
    }

    private void jwks(ServerRequest request, ServerResponse response) {
        String body = keys.jwks(resolver.code(request));
        response.status(Status.OK_200);
        response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/jwk-set+json"));
        response.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, JWKS_CACHE_CONTROL));
        response.send(body);
    }

    private void rotate(ServerRequest request, ServerResponse response) {
        String text = request.path().pathParameters().get("code");
        TerritoryCode code = TerritoryCode.parse(text)
                .filter(parsed -> territories.find(parsed).isPresent())
                .orElseThrow(() -> TerritoryProblems.unknown(text));
        KeyRotation rotated = keys.rotate(code);
        json.write(response, Status.OK_200, new RotationView(code.value(), rotated.current(), rotated.next(),
                rotated.retired()));
    }

    /**
     * The answer to a rotation.
     *
     * @param territory the territory
     * @param current   kid of the key that now signs
     * @param next      kid of the key published to sign after the next rotation
     * @param retired   kids of retired keys still published
     */
    record RotationView(String territory, String current, String next, List<String> retired) {
    }
}
