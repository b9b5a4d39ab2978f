package agora.platform.core;

import java.util.concurrent.Callable;

/**
 * Tracing as the platform's modules use it, without naming a tracing library: run a piece of work
 * in a span that is a child of the current trace context ({@link Traceparent#current()}), with the
 * new span's traceparent current inside it. agora.platform.observe implements it with
 * OpenTelemetry when tracing is configured; otherwise {@link #NONE} only runs the work.
 */
public interface Spans {

    /** No tracing: the work runs as it is. */
    Spans NONE = new Spans() {
        @Override
        public <T> T inSpan(String name, Kind kind, Callable<T> work) throws Exception {
            return work.call();
        }
    };

    /** What a span stands for (OpenTelemetry's span kinds). */
    enum Kind {
        /** Handling a request. */
        SERVER,
        /** A call to another system (the database). */
        CLIENT,
        /** Handling an event. */
        CONSUMER,
        /** Publishing an event. */
        PRODUCER,
        /** Work inside the process. */
        INTERNAL
    }

    /**
     * Runs work in a child span.
     *
     * @param name the span's name, low-cardinality ({@code db territory_dk}, {@code consume forum.post_created})
     * @param kind what it stands for
     * @param work the work
     * @param <T>  its result
     * @return the work's result
     * @throws Exception what the work throws (recorded on the span)
     */
    <T> T inSpan(String name, Kind kind, Callable<T> work) throws Exception;
}
