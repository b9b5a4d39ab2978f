/**
 * What every platform module and service uses, whether or not it serves HTTP: ids, problems and
 * their translated messages, languages, request limits, trace context, configuration helpers, and the
 * background loops every process runs its own work on.
 */
module agora.platform.core {
    // ProblemException and Validation take the contract's ProblemKind.
    requires transitive agora.platform.contract;
    // Limits and ConfigValues read Helidon's Config; Traceparent registers in a Helidon Context.
    requires transitive io.helidon.config;
    requires transitive io.helidon.common.context;

    exports agora.platform.core;
    exports agora.platform.core.problem;
    exports agora.platform.core.loop;
}
