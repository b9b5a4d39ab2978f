package agora.platform.host;

import java.io.IOException;
import java.lang.reflect.Method;

import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Facts on the wire between services: a call is a JSON array of the arguments, an answer the JSON
 * of the result, each read with the method's declared (generic) types. The contract's own value
 * types travel as the strings they are ({@code "DK"}, {@code "forum.post"}); unknown fields in
 * answers are ignored, so an owner may add fields before its callers know them.
 */
final class FactsCodec {
    private final ObjectMapper mapper;
    private final ObjectMapper answers;

    FactsCodec(ObjectMapper platform) {
        SimpleModule values = new SimpleModule("agora-contract-values");
        values.addSerializer(TerritoryCode.class, new ToString<>(TerritoryCode.class));
        values.addDeserializer(TerritoryCode.class, new FromString<>(TerritoryCode.class) {
            @Override
            TerritoryCode parse(String text) {
                return TerritoryCode.of(text);
            }
        });
        values.addSerializer(Permission.class, new ToString<>(Permission.class));
        values.addDeserializer(Permission.class, new FromString<>(Permission.class) {
            @Override
            Permission parse(String text) {
                return new Permission(text);
            }
        });
        this.mapper = platform.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .registerModule(values);
        // Answers come from services holding the pod's secret and are bounded in bytes by the
        // client: a contribution's file (base64) may be a string far longer than a request's.
        // Calls arriving at the internal listener keep the platform's limits.
        this.answers = mapper.copy();
        this.answers.getFactory().setStreamReadConstraints(this.answers.getFactory().streamReadConstraints().rebuild()
                .maxStringLength(FactsClient.MAX_CONTRIBUTION_BYTES).build());
    }

    byte[] arguments(Object[] args) throws IOException {
        return mapper.writeValueAsBytes(args);
    }

    Object[] arguments(Method method, byte[] body) throws IOException {
        JsonNode tree = mapper.readTree(body);
        if (!(tree instanceof ArrayNode array) || array.size() != method.getParameterCount()) {
            throw new IllegalArgumentException(method.getName() + " takes " + method.getParameterCount()
                    + " arguments as a JSON array");
        }
        Object[] args = new Object[array.size()];
        for (int i = 0; i < args.length; i++) {
            JavaType type = mapper.constructType(method.getGenericParameterTypes()[i]);
            args[i] = mapper.readerFor(type).readValue(array.get(i));
            if (args[i] == null) {
                throw new IllegalArgumentException("argument " + i + " of " + method.getName() + " is null");
            }
        }
        return args;
    }

    byte[] answer(Object result) throws IOException {
        return mapper.writeValueAsBytes(result);
    }

    Object answer(Method method, byte[] body) throws IOException {
        return answers.readerFor(answers.constructType(method.getGenericReturnType())).readValue(body);
    }

    private static final class ToString<T> extends JsonSerializer<T> {
        private final Class<T> type;

        ToString(Class<T> type) {
            this.type = type;
        }

        @Override
        public Class<T> handledType() {
            return type;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.toString());
        }
    }

    private abstract static class FromString<T> extends JsonDeserializer<T> {
        private final Class<T> type;

        FromString(Class<T> type) {
            this.type = type;
        }

        abstract T parse(String text);

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                return type.cast(context.handleWeirdStringValue(type, text, e.getMessage()));
            }
        }
    }
}
