package agora.platform.host;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;

/**
 * Settings of calls between services: this process's name for the calls it makes, its internal
 * listener ({@code agora.internal.*}), and where the services it does not run answer
 * ({@code agora.services.<name>.url}).
 *
 * @param identity who this process is to other services (its one service's name, or {@code pod})
 * @param host     where the internal listener binds
 * @param port     its port
 * @param services other services' internal listeners, by name
 * @param tokens   service tokens, when a shared secret is set
 * @param client   the facts client, when a shared secret is set
 * @param codec    facts on the wire, when a shared secret is set
 */
record InternalSettings(String identity, String host, int port, Map<String, URI> services,
                        Optional<ServiceTokens> tokens, Optional<FactsClient> client, Optional<FactsCodec> codec) {

    static InternalSettings from(Config root, String identity, Clock clock,
                                 ObjectMapper mapper) {
        Config internal = root.get("agora.internal");
        Optional<String> secret = internal.get("secret").asString().asOptional().filter(value -> !value.isBlank());
        Map<String, URI> services = new LinkedHashMap<>();
        for (Config service : root.get("agora.services").asNodeList().orElse(List.of())) {
            service.get("url").asString().asOptional().filter(value -> !value.isBlank())
                    .ifPresent(url -> services.put(service.name(), URI.create(url.endsWith("/") ? url : url + "/")));
        }
        Optional<ServiceTokens> tokens = secret.map(value -> new ServiceTokens(value, identity, clock));
        Optional<FactsCodec> codec = tokens.map(ignored -> new FactsCodec(mapper));
        Optional<FactsClient> client = tokens.map(value -> new FactsClient(value, codec.orElseThrow()));
        if (tokens.isEmpty() && !services.isEmpty()) {
            throw new IllegalStateException("set AGORA_INTERNAL_SECRET: calls to " + services.keySet()
                    + " need the pod's shared service secret");
        }
        return new InternalSettings(identity, internal.get("host").asString().orElse("127.0.0.1"),
                internal.get("port").asInt().orElse(8082), services, tokens, client, codec);
    }

    Optional<FactsEndpoint> endpoint(Facts facts) {
        return tokens.map(value -> new FactsEndpoint(facts.answerers(), facts.contributionAnswerers(), value,
                codec.orElseThrow()));
    }
}
