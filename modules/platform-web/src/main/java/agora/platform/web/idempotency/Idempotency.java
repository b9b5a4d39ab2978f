package agora.platform.web.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.web.Json;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code Idempotency-Key} for creating POSTs: a client that did not hear the answer retries with
 * the same key and gets the first answer again instead of a second resource.
 *
 * <p>The first request with a key claims it, runs the handler and stores its answer; a replay
 * (same key, same request) gets the stored answer with {@code Idempotency-Replayed: true}; the
 * same key with a different request is a 422, and a replay while the first is still running a 409.
 * A request that fails with a problem releases its key, so the client can correct and retry.
 */
public final class Idempotency {
    /** The request header. */
    public static final HeaderName KEY_HEADER = HeaderNames.create("Idempotency-Key");
    /** Set on a replayed answer. */
    public static final HeaderName REPLAYED_HEADER = HeaderNames.create("Idempotency-Replayed");

    private final IdempotencyStore store;
    private final Json json;
    private final Clock clock;

    /**
     * Idempotency backed by a store.
     *
     * @param store where answers are kept
     * @param json  writes reply bodies
     * @param clock the clock for claim times
     */
    public Idempotency(IdempotencyStore store, Json json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Answers a creating request once per key.
     *
     * @param request  the request
     * @param response the response
     * @param scope    whose keys these are (territory and caller); the route is added here
     * @param creator  does the work and returns the answer; runs at most once per key
     */
    public void respond(ServerRequest request, ServerResponse response, String scope, Supplier<Reply> creator) {
        Optional<String> key = request.headers().first(KEY_HEADER);
        if (key.isEmpty()) {
            send(response, toStored(creator.get()), false);
            return;
        }
        String validKey = validate(key.get());
        String fullScope = scope + " " + request.prologue().method().text() + " " + request.path().path();
        String fingerprint = fingerprint(request);
        switch (store.claim(fullScope, validKey, fingerprint, clock.instant())) {
            case IdempotencyStore.Claim.Replay replay -> send(response, replay.reply(), true);
            case IdempotencyStore.Claim.InProgress ignored -> throw new ProblemException(
                    ProblemKind.IDEMPOTENCY_IN_PROGRESS, PlatformMessages.text("idempotency.in-progress"))
                    .header("Retry-After", "1");
            case IdempotencyStore.Claim.Mismatch ignored -> throw new ProblemException(
                    ProblemKind.IDEMPOTENCY_KEY_REUSED, PlatformMessages.text("idempotency.reused"));
            case IdempotencyStore.Claim.Fresh ignored -> {
                Reply reply;
                try {
                    reply = creator.get();
                } catch (RuntimeException | Error e) {
                    store.release(fullScope, validKey);
                    throw e;
                }
                StoredReply first = toStored(reply);
                store.complete(fullScope, validKey, reply.replay()
                        .map(body -> toStored(new Reply(reply.status(), reply.location(), body, Optional.empty())))
                        .orElse(first), clock.instant());
                send(response, first, false);
            }
        }
    }

    private StoredReply toStored(Reply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Content-Type", MediaTypes.APPLICATION_JSON.text());
        return new StoredReply(reply.status().code(), headers, json.bytes(reply.body()));
    }

    private static void send(ServerResponse response, StoredReply reply, boolean replayed) {
        response.status(Status.create(reply.status()));
        reply.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        if (replayed) {
            response.header(REPLAYED_HEADER, "true");
        }
        response.send(reply.body());
    }

    private static String validate(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ProblemException(ProblemKind.INVALID_IDEMPOTENCY_KEY, PlatformMessages.text("idempotency.invalid-key"));
        }
        return key;
    }

    private static String fingerprint(ServerRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.prologue().method().text().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ' ');
            digest.update(request.path().rawPath().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(Json.body(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
