package agora.platform.contract;

import java.util.Objects;

/**
 * A kind of event and the record that carries its data: {@code forum.post_created} with
 * {@code PostCreated}. Declared in the producing service's {@code -api} module, so consumers name it
 * without depending on the producer.
 *
 * @param service the producing service ({@code forum})
 * @param name    the event within it ({@code post_created})
 * @param payload the data record
 * @param <T>     the data type
 */
public record EventType<T>(String service, String name, Class<T> payload) {

    public EventType {
        Objects.requireNonNull(payload, "payload");
        if (service == null || !service.matches("[a-z][a-z0-9_]*") || name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("service and event names must be lower-case identifiers");
        }
    }

    /** The envelope's {@code type}: {@code <service>.<name>}. */
    public String type() {
        return service + "." + name;
    }
}
