/** Tests of shared state on the module path: the same contract against in-process state and a real Redis. */
open module agora.platform.state {
    requires agora.platform.contract;
    // StateUnavailableException is a ProblemException (503 for a request that needed the state).
    requires transitive agora.platform.core;
    requires redis.clients.jedis;
    requires io.helidon.metrics.api;
    requires org.apache.commons.pool2;
    requires org.slf4j;

    requires agora.platform.testing;
    requires org.junit.jupiter.api;
    // No exports: an open module's descriptor may only name packages of the test output.
}
