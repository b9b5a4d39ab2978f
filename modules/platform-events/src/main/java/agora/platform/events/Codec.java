package agora.platform.events;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;


import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Envelopes as JSON (CloudEvents structured mode, with {@code traceparent} as the distributed-tracing
 * extension attribute), read tolerantly: a newer producer may add fields an older consumer ignores.
 */
final class Codec {
    private final ObjectMapper writer;
    private final ObjectMapper reader;

    /**
     * A codec on the platform's mapper.
     *
     * @param mapper the platform's (strict) mapper; reading uses a tolerant copy
     */
    public Codec(ObjectMapper mapper) {
        this.writer = mapper;
        this.reader = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The tolerant mapper, for payloads. */
    public ObjectMapper reader() {
        return reader;
    }

    /** The mapper that writes payloads. */
    public ObjectMapper writer() {
        return writer;
    }

    /**
     * An envelope as JSON bytes.
     *
     * @param event the envelope
     * @return its JSON
     */
    public byte[] encode(Event event) {
        ObjectNode node = writer.createObjectNode();
        node.put("specversion", "1.0");
        node.put("id", event.id().toString());
        node.put("type", event.type());
        node.put("source", event.source());
        node.put("subject", event.subject());
        node.put("time", event.time().toString());
        node.put("territory", event.territory());
        node.put("version", event.version());
        node.put("datacontenttype", "application/json");
        event.traceparent().ifPresent(traceparent -> node.put("traceparent", traceparent));
        node.set("data", event.data());
        try {
            return writer.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
    }

    /**
     * An envelope from JSON bytes.
     *
     * @param bytes the JSON
     * @return the envelope
     * @throws IllegalArgumentException when it is not an envelope
     */
    public Event decode(byte[] bytes) {
        try {
            JsonNode node = reader.readTree(bytes);
            return new Event(
                    UUID.fromString(text(node, "id")),
                    text(node, "type"),
                    text(node, "source"),
                    text(node, "subject"),
                    Instant.parse(text(node, "time")),
                    text(node, "territory"),
                    node.path("version").asLong(),
                    node.path("data"),
                    Optional.ofNullable(node.get("traceparent")).map(JsonNode::asText));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }
}
