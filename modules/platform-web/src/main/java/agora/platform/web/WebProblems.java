package agora.platform.web;

import agora.platform.contract.ProblemKind;

/** The problem kinds of the web layer itself: what a connection or a request line can go wrong with. */
final class WebProblems {
    /** Request line longer than the server reads (Helidon's prologue limit). */
    static final ProblemKind URI_TOO_LONG = new ProblemKind("uri-too-long", 414, "URI too long");
    /** Request headers larger than the server reads. */
    static final ProblemKind HEADERS_TOO_LARGE = new ProblemKind("headers-too-large", 431, "Request headers too large");
    /**
     * The client went away before its request was complete: nobody reads the answer, but the access
     * log and the metrics count it as the client's doing (nginx's 499), not as a fault of ours.
     */
    static final ProblemKind CLIENT_CLOSED_REQUEST =
            new ProblemKind("client-closed-request", 499, "Client closed request");
    /** The request's body did not arrive within the listener's body timeout. */
    static final ProblemKind REQUEST_TIMEOUT = new ProblemKind("request-timeout", 408, "Request timeout");
    /** The listener holds as many connections as it may; refused at once, before a request is read. */
    static final ProblemKind TOO_MANY_CONNECTIONS =
            new ProblemKind("too-many-connections", 503, "Too many connections");

    private WebProblems() {
    }
}
