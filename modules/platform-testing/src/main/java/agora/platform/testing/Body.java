package agora.platform.testing;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON request bodies built as values, not concatenated strings: {@code Body.of("email", email,
 * "password", password)}. Hostile strings (quotes, NUL, lone surrogates, markup) are escaped by
 * Jackson, so a test sends exactly the value it means.
 */
public final class Body {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Body() {
    }

    /**
     * An object from alternating names and values. Values may be strings, numbers, booleans,
     * {@code null}, JSON nodes, collections, maps or anything whose {@code toString} is the wanted
     * text (UUIDs, enums).
     *
     * @param namesAndValues {@code name, value, name, value …}
     * @return the object, which may be changed further
     */
    public static ObjectNode of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.set(String.valueOf(namesAndValues[i]), node(namesAndValues[i + 1]));
        }
        return object;
    }

    /**
     * An array of values.
     *
     * @param values the values
     * @return the array
     */
    public static ArrayNode array(Object... values) {
        ArrayNode array = NODES.arrayNode();
        for (Object value : values) {
            array.add(node(value));
        }
        return array;
    }

    /**
     * A value as a JSON node.
     *
     * @param value the value
     * @return its node
     */
    public static JsonNode node(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node;
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Number number -> NODES.numberNode(new java.math.BigDecimal(number.toString()));
            case Collection<?> items -> array(items.toArray());
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((name, item) -> object.set(String.valueOf(name), node(item)));
                yield object;
            }
            default -> NODES.textNode(value.toString());
        };
    }

    /**
     * Reads JSON text (an answer's body).
     *
     * @param text the text
     * @return its tree
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
