/** Benchmark programs: they print numbers and are run by hand ({@code ./agora bench …}), never by the tests. */
module agora.benchmarks {
    requires agora.platform.events;
    requires agora.platform.testing;
    // Only to remove the benchmark's streams afterwards; a tool, not a service.
    requires io.nats.jnats;

    exports agora.benchmarks;
    opens agora.benchmarks to com.fasterxml.jackson.databind;
}
