package agora.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON as Agora speaks it, configured once: strict when reading requests (unknown fields, wrong
 * types, trailing data and duplicate keys are refused; depth and string length are bounded; a
 * {@code null} document, NUL characters and unpaired surrogates are refused for every route at
 * once), records and {@link java.time.Instant} as RFC 3339 UTC when writing.
 *
 * <p>Every failure to read becomes a problem a client can act on: 415 for a body that is not JSON,
 * 400 for broken syntax or exceeded limits, 422 with a pointer for a value of the wrong shape or
 * text that cannot be stored as sent.
 */
public final class Json {
    /** {@code application/problem+json}. */
    public static final MediaType PROBLEM_JSON = MediaTypes.create("application", "problem+json");

    private static final String BODY_KEY = Json.class.getName() + ".body";

    private final ObjectMapper mapper;

    /**
     * JSON bounded by the given limits.
     *
     * @param limits depth and string limits for reading
     */
    public Json(Limits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(100)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
    }

    /** The configured mapper, for writing responses and reading trusted data. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Reads the request body as the given type, strictly.
     *
     * @param request the request, whose body must be {@code application/json}
     * @param type    the record to read
     * @param <T>     its type
     * @return the value
     * @throws ProblemException 415, 400 or 422 as described on the class
     */
    public <T> T read(ServerRequest request, Class<T> type) {
        byte[] body = body(request);
        if (body.length == 0) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, PlatformMessages.text("json.empty"));
        }
        JsonNode tree = parse(body);
        List<FieldError> unstorable = new ArrayList<>();
        UnstorableText.find(tree, "", unstorable);
        if (!unstorable.isEmpty()) {
            throw Validation.failedWith(unstorable);
        }
        if (tree.isNull()) {
            // Binding would return null, and every handler would dereference it.
            throw Validation.failedWith(List.of(FieldError.body("", "invalid-type", PlatformMessages.text("json.null"))));
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            // A record's constructor refused the value: surface its own problem when it has one.
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            throw Validation.failedWith(List.of(FieldError.body(pointer(e), "invalid",
                    PlatformMessages.text("field.invalid"))));
        } catch (UnrecognizedPropertyException e) {
            throw Validation.failedWith(List.of(FieldError.body(pointer(e), "unknown-field",
                    PlatformMessages.text("field.unknown", e.getPropertyName()))));
        } catch (InvalidFormatException e) {
            throw Validation.failedWith(List.of(FieldError.body(pointer(e), "invalid-format",
                    PlatformMessages.text("field.invalid-format", e.getTargetType().getSimpleName()))));
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
            throw Validation.failedWith(List.of(FieldError.body(pointer(e), "invalid-type",
                    PlatformMessages.text("field.invalid-type", expected))));
        } catch (JsonProcessingException e) {
            throw Validation.failedWith(List.of(FieldError.body(pointer(e), "invalid",
                    PlatformMessages.text("field.invalid"))));
        }
    }

    /*
     * The whole document is parsed before it is bound, so syntax and limits are judged on all of
     * it (400) before its shape is (422), whatever field the binding would have stumbled on first.
     */
    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new ProblemException(ProblemKind.MALFORMED_JSON, PlatformMessages.text("json.empty"));
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw new ProblemException(ProblemKind.JSON_LIMIT_EXCEEDED, PlatformMessages.text("json.limits"));
        } catch (StreamReadException e) {
            var location = e.getLocation();
            throw new ProblemException(ProblemKind.MALFORMED_JSON, PlatformMessages.text("json.malformed",
                    location == null ? 0 : location.getLineNr(),
                    location == null ? 0 : location.getColumnNr()));
        } catch (IOException e) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, PlatformMessages.text("json.unreadable"));
        }
    }

    private static String pointer(JsonProcessingException e) {
        return e instanceof JsonMappingException mapping ? pointer(mapping) : "";
    }

    /**
     * The raw request body after checking its media type, read once and kept for this request
     * (the idempotency fingerprint and the handler both need it).
     *
     * @param request the request
     * @return the body bytes, empty when there is none
     */
    public static byte[] body(ServerRequest request) {
        Optional<byte[]> cached = request.context().get(BODY_KEY, byte[].class);
        if (cached.isPresent()) {
            return cached.get();
        }
        requireJsonContentType(request);
        byte[] body;
        try {
            body = request.content().hasEntity() ? bounded(request) : new byte[0];
        } catch (DataReader.InsufficientDataAvailableException | UncheckedIOException | IOException e) {
            // The connection ended, or was ended for being too slow, before the whole body came.
            throw Bodies.cutOff(request);
        }
        request.context().register(BODY_KEY, body);
        return body;
    }

    /*
     * A chunked body carries no length to refuse up front: read at most the route's limit (the
     * listener admits uploads' larger bodies), and refuse what goes beyond it.
     */
    private static byte[] bounded(ServerRequest request) throws IOException {
        Optional<Long> cap = request.context().get(Routes.BODY_CAP_KEY, Long.class);
        if (cap.isEmpty()) {
            return request.content().as(byte[].class);
        }
        try (java.io.InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap.get() + 1));
            if (body.length > cap.get()) {
                throw new ProblemException(ProblemKind.PAYLOAD_TOO_LARGE, PlatformMessages.text("payload-too-large"));
            }
            return body;
        }
    }

    /**
     * Writes a value as {@code application/json} with the given status.
     *
     * @param response the response
     * @param status   the status
     * @param value    the value, usually a record
     */
    public void write(ServerResponse response, Status status, Object value) {
        response.status(status);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.send(bytes(value));
    }

    /**
     * A value as JSON bytes.
     *
     * @param value the value
     * @return its JSON
     */
    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static void requireJsonContentType(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return;
        }
        Optional<HttpMediaType> contentType = request.headers().contentType();
        boolean json = contentType
                .map(HttpMediaType::mediaType)
                .filter(type -> type.type().equals("application")
                        && (type.subtype().equals("json") || type.subtype().endsWith("+json")))
                .isPresent();
        if (!json) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, PlatformMessages.text(
                    "media-type.unsupported", request.headers().value(HeaderNames.CONTENT_TYPE).orElse("-")));
        }
    }

    private static String pointer(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null
                        ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                        : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
    }
}
