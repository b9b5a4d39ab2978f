/**
 * A whole pod in one process: the host with every service on the pod's module path (the pod's
 * Maven dependencies put them there; no code here names one), the local defaults a laptop needs
 * (an embedded PostgreSQL, the in-process bus and state), and the operator's command line.
 */
module agora.pod {
    requires agora.platform.core;
    requires agora.platform.host;
    requires agora.platform.embedded;
    requires agora.platform.web;
    requires java.net.http;

    provides agora.platform.host.LocalDefaults with agora.pod.PodDefaults;
}
