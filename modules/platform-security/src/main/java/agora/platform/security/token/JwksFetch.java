package agora.platform.security.token;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import agora.platform.contract.TerritoryCode;

/**
 * One GET of a JWKS URL: a short timeout (a request waits on it), no redirects (the configured
 * URL is the one trusted), 200 only, and a bounded body.
 */
final class JwksFetch implements Callable<String> {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final Optional<TerritoryCode> territory;
    private final HttpClient client;

    JwksFetch(URI url) {
        this(url, Optional.empty());
    }

    /**
     * A fetch of one territory's key set: the auth service publishes each territory's keys at the
     * same path and picks the territory from {@code X-Territory}.
     */
    JwksFetch(URI url, Optional<TerritoryCode> territory) {
        this.url = url;
        this.territory = territory;
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String call() throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET();
        territory.ifPresent(code -> builder.header("X-Territory", code.value()));
        HttpRequest request = builder.build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("key set larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
