package agora.platform.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One connection's deadlines on a real socket pair, with the clock given by the test: the phase
 * that ran out is named once, at its deadline and not before; the server side's input ends then
 * (a read sees the end of the stream), and the connection is closed only after the grace period;
 * an answer in progress has no deadline, and a connection that timed out stays timed out.
 */
class TrackedConnectionTest {
    private static final long HEADERS = 100;
    private static final long BODY = 300;
    private static final long IDLE = 500;
    private static final long GRACE = 50;

    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        server = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void theHeadersRunOutAtTheirDeadlineAndTheInputEndsThenTheConnectionClosesAfterTheGrace() throws IOException {
        TrackedConnection connection = new TrackedConnection(server, 1_000, HEADERS);
        assertRunsOutAt(connection, 1_000 + HEADERS, TrackedConnection.Phase.HEADERS);
        assertEquals(-1, server.read(ByteBuffer.allocate(16)), "a read waiting on the client ends as at its end");
        assertTrue(connection.isOpen(), "open for the grace period, so an answer can still be written");
        assertEquals(Optional.empty(), connection.expireIfDue(1_000 + HEADERS + 1, GRACE), "named once");

        assertEquals(Optional.empty(), connection.expireIfDue(1_000 + HEADERS + GRACE, GRACE));
        assertTrue(connection.isOpen(), "not before the grace has passed");
        assertEquals(Optional.empty(), connection.expireIfDue(1_000 + HEADERS + GRACE + 1, GRACE));
        assertFalse(connection.isOpen(), "closed once the grace has passed");
    }

    @Test
    void aBodyHasItsOwnDeadlineFromWhenTheRequestStarted() {
        TrackedConnection connection = new TrackedConnection(server, 0, HEADERS);
        connection.requestStarted(true, 50, BODY);
        assertEquals(Optional.empty(), connection.expireIfDue(HEADERS, GRACE), "the header deadline no longer counts");
        assertRunsOutAt(connection, 50 + BODY, TrackedConnection.Phase.BODY);
    }

    @Test
    void anAnswerInProgressHasNoDeadlineAndTheIdleOneStartsWhenItIsSent() {
        TrackedConnection connection = new TrackedConnection(server, 0, HEADERS);
        connection.requestStarted(false, 10, BODY);
        assertEquals(Optional.empty(), connection.expireIfDue(Long.MAX_VALUE - 1, GRACE), "the wait is ours");
        assertFalse(connection.timedOut());

        connection.requestAnswered(2_000, IDLE);
        assertRunsOutAt(connection, 2_000 + IDLE, TrackedConnection.Phase.IDLE);
    }

    @Test
    void aConnectionThatTimedOutGetsNoNewDeadlineFromAnAnswer() {
        TrackedConnection connection = new TrackedConnection(server, 0, HEADERS);
        connection.requestStarted(true, 0, BODY);
        assertEquals(Optional.of(TrackedConnection.Phase.BODY), connection.expireIfDue(BODY, GRACE));
        // The handler answers the 408 afterwards; that must not start an idle period.
        connection.requestAnswered(BODY + 1, IDLE);
        assertTrue(connection.timedOut());
        assertEquals(Optional.empty(), connection.expireIfDue(BODY + 1 + IDLE, GRACE), "nothing new ran out");
        assertFalse(connection.isOpen(), "and it is closed after the grace, as any that timed out");
    }

    /* Nothing has run out a moment before the deadline; at it, the phase has, and only then. */
    private static void assertRunsOutAt(TrackedConnection connection, long deadline, TrackedConnection.Phase phase) {
        assertEquals(Optional.empty(), connection.expireIfDue(deadline - 1, GRACE));
        assertFalse(connection.timedOut());
        assertEquals(Optional.of(phase), connection.expireIfDue(deadline, GRACE));
        assertTrue(connection.timedOut());
    }
}
