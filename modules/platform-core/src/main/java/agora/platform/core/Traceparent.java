package agora.platform.core;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.helidon.common.context.Context;
import io.helidon.common.context.Contexts;

/**
 * The W3C trace context ({@code traceparent}) of the work in progress: taken from the request by
 * the server, written into events by the outbox, and restored by consumers, so one trace runs from
 * a request through the events it caused.
 */
public final class Traceparent {
    /** The header and event attribute name. */
    public static final String HEADER = "traceparent";

    private static final String KEY = Traceparent.class.getName();
    private static final Pattern FORMAT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private Traceparent() {
    }

    /**
     * Whether a value is a well-formed version-00 traceparent.
     *
     * @param value the value
     * @return whether it may be propagated
     */
    public static boolean isValid(String value) {
        return FORMAT.matcher(value).matches();
    }

    /** The traceparent of the current request or event, if it carried one. */
    public static Optional<String> current() {
        return Contexts.context().flatMap(context -> context.get(KEY, String.class));
    }

    /**
     * Records the traceparent in a context (the server does this for each request).
     *
     * @param context the context
     * @param value   a valid traceparent; invalid ones are ignored
     */
    public static void register(Context context, String value) {
        if (isValid(value)) {
            context.register(KEY, value);
        }
    }

    /**
     * Runs work with the given traceparent as the current one.
     *
     * @param value the traceparent, if any
     * @param work  the work
     * @param <T>   its result
     * @return the work's result
     * @throws Exception what the work throws
     */
    public static <T> T runWith(Optional<String> value, Callable<T> work) throws Exception {
        Context context = Contexts.context().map(parent -> Context.builder().parent(parent).build())
                .orElseGet(Context::create);
        value.ifPresent(traceparent -> register(context, traceparent));
        return Contexts.runInContextWithThrow(context, work);
    }
}
