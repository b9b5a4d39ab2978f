package agora.platform.observe;

import java.util.function.Supplier;

import agora.platform.core.loop.LoopStatus;
import agora.platform.core.loop.Loops;

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
        return readiness(name, () -> {
            try {
                ping.run();
                return HealthCheckResponse.builder().status(true).detail("mode", mode).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.builder().status(false).detail("mode", mode)
                        .detail("error", e.getClass().getSimpleName()).build();
            }
        });
    }

    /**
     * A readiness check under a name, answered by a function: Helidon's interface wants three
     * methods where a check is one.
     *
     * @param name the check's name in {@code /observe/health}
     * @param call builds the answer at each request
     * @return the check
     */
    public static HealthCheck readiness(String name, Supplier<HealthCheckResponse> call) {
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
                return call.get();
            }
        };
    }

    /**
     * The process's background loops as one readiness check, {@code loops}: a line per loop
     * ({@code running; 12 runs, last success …}, or why it fails), DOWN when a loop has ended without
     * being stopped, since its work then no longer happens until the process restarts. A loop that
     * fails (its backend is away) stays UP: it retries, and the backend's own check says what is wrong.
     *
     * @param loops the process's loops
     * @return the check
     */
    public static HealthCheck loops(Loops loops) {
        return readiness("loops", () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            for (LoopStatus loop : loops.statuses()) {
                if (loop.lost()) {
                    response.status(false);
                }
                response.detail(loop.name(), loop.describe());
            }
            return response.build();
        });
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
