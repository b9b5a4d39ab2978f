/** Tests of the whole pod in one process, against the real PostgreSQL. */
open module agora.pod {
    requires agora.platform.core;
    requires agora.platform.contract;
    requires agora.platform.host;
    requires agora.platform.embedded;
    requires agora.platform.web;
    requires java.net.http;

    requires agora.platform.testing;
    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    provides agora.platform.host.LocalDefaults with agora.pod.PodDefaults;
    // ContributionsTest's services declare a contribution interface of the tests' own.
    provides agora.platform.contract.Catalog with agora.pod.Parts.AlphaCatalog, agora.pod.Parts.BetaCatalog,
            agora.pod.Parts.GammaCatalog;
    // No exports: an open module's descriptor may only name packages of the test output.
}
