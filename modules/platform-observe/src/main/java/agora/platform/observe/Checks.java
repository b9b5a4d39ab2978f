package agora.platform.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness checks of the backends a process talks to. A backend this process does not use over
 * the network (embedded PostgreSQL, the in-process bus or state) is reported UP with its mode, not
 * as down: it is as available as the process itself.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * A check that pings a remote backend.
     *
     * @param name what it checks ({@code postgresql}, {@code nats}, {@code redis})
     * @param mode how the backend runs ({@code remote}, {@code embedded} …), shown in the details
     * @param ping throws when the backend does not answer
     * @return the check
     */
    public static HealthCheck ping(String name, String mode, Runnable ping) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                try {
                    ping.run();
                    return HealthCheckResponse.builder().status(true).detail("mode", mode).build();
                } catch (RuntimeException e) {
                    return HealthCheckResponse.builder().status(false).detail("mode", mode)
                            .detail("error", e.getClass().getSimpleName()).build();
                }
            }
        };
    }

    /**
     * A backend that lives inside this process.
     *
     * @param name what it stands for
     * @param mode {@code in-process} or similar
     * @return the check, always UP
     */
    public static HealthCheck local(String name, String mode) {
        return ping(name, mode, () -> { });
    }
}
