package agora.platform.web;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

/**
 * One open connection of a listener, as its {@link ConnectionGuard} sees it: what it is waiting for
 * and until when. When the deadline passes the guard ends the connection's input, so a blocked read
 * ends as if the client had closed it; the server then closes the connection.
 */
final class TrackedConnection {
    private static final String CONTEXT_KEY = TrackedConnection.class.getName();
    private static final long NONE = Long.MAX_VALUE;

    /** What a connection is waiting for, named as the timed-out meter's {@code phase} label. */
    enum Phase {
        /** The first request's headers. */
        HEADERS("headers"),
        /** A request's body (and its answer). */
        BODY("body"),
        /** The server answers a request without a body: no deadline, the wait is ours. */
        ANSWERING("answering"),
        /** The next request, between requests. */
        IDLE("idle");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final SocketChannel channel;
    private volatile Phase phase;
    private volatile long deadline;
    private volatile boolean timedOut;
    private volatile long timedOutAt;

    TrackedConnection(SocketChannel channel, long now, long headerTimeout) {
        this.channel = channel;
        this.phase = Phase.HEADERS;
        this.deadline = now + headerTimeout;
    }

    /**
     * The connection a request arrived on, when its listener is guarded.
     *
     * @param request the request
     * @return the connection
     */
    static Optional<TrackedConnection> of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, TrackedConnection.class);
    }

    void attachTo(ServerRequest request) {
        request.context().register(CONTEXT_KEY, this);
    }

    void requestStarted(boolean withBody, long now, long bodyTimeout) {
        if (withBody) {
            deadline = now + bodyTimeout;
            phase = Phase.BODY;
        } else {
            deadline = NONE;
            phase = Phase.ANSWERING;
        }
    }

    void requestAnswered(long now, long idleTimeout) {
        if (!timedOut) {
            deadline = now + idleTimeout;
            phase = Phase.IDLE;
        }
    }

    /** Whether the guard ended this connection for being too slow. */
    boolean timedOut() {
        return timedOut;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Ends the connection's input when its deadline has passed: a read waiting on the client ends
     * at once, as at the end of the stream (quietly, where closing the channel under the reader
     * would be logged as an unexpected I/O error). A connection whose input was ended and that is
     * still open a grace period later is closed.
     *
     * @param now   the current {@link System#nanoTime()}
     * @param grace how long an ended connection may stay open
     * @return the phase that timed out now, if one did
     */
    Optional<Phase> expireIfDue(long now, long grace) {
        if (timedOut) {
            if (now - timedOutAt > grace) {
                closeQuietly();
            }
            return Optional.empty();
        }
        long due = deadline;
        if (due == NONE || now - due < 0) {
            return Optional.empty();
        }
        Phase expired = phase;
        timedOut = true;
        timedOutAt = now;
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            closeQuietly();
        }
        return Optional.of(expired);
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all that was wanted.
        }
    }
}
