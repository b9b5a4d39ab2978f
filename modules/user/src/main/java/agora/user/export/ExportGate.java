package agora.user.export;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.state.RateLimiter;
import agora.platform.state.RateLimiter.Reservation;
import agora.platform.state.RateLimiter.Tier;

/**
 * Who may start an export now. One export at a time per member, across every instance: a permit of a
 * one-permit limit in shared state, held while the archive is built and given back after (or freed
 * by its window, the lease, should the process die). A few per member per window, counted in shared
 * state as auth counts its attempts. And a few at once in this process, whose memory holds each archive.
 */
final class ExportGate {
    private final RateLimiter limiter;
    private final ExportSettings settings;
    private final Semaphore here;

    ExportGate(RateLimiter limiter, ExportSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
        this.here = new Semaphore(settings.concurrent());
    }

    /**
     * Takes the member's slot and a permit of their quota.
     *
     * @return the pass, to close when the archive is sent or failed
     * @throws ProblemException 409 while another export of the member runs, 429 with
     *                          {@code Retry-After} past the quota, 503 when this process is busy
     */
    Pass enter(TerritoryCode territory, UUID member) {
        String key = territory.value().toLowerCase(Locale.ROOT) + ":" + member;
        Reservation running = limiter.reserve(List.of(new Tier("running:" + key,
                new RateLimiter.Limit(1, settings.lease()))));
        if (!running.allowed()) {
            throw new ProblemException(ExportProblems.EXPORT_IN_PROGRESS,
                    ExportProblems.MESSAGES.text("export.in-progress"));
        }
        Reservation quota = limiter.reserve(Tier.each("member:" + key, settings.perMember()));
        if (!quota.allowed()) {
            limiter.release(running);
            long seconds = quota.retryAfterSeconds();
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS,
                    ExportProblems.MESSAGES.text("export.throttled", seconds)).header("Retry-After", Long.toString(seconds));
        }
        if (!here.tryAcquire()) {
            limiter.release(running);
            limiter.release(quota);
            throw new ProblemException(ProblemKind.UNAVAILABLE, ExportProblems.MESSAGES.text("export.busy"))
                    .header("Retry-After", "10");
        }
        return new Pass(running, quota);
    }

    /** A started export: its slot, and its permit of the quota (given back if it fails). */
    final class Pass implements AutoCloseable {
        private final Reservation running;
        private final Reservation quota;
        private boolean delivered;

        private Pass(Reservation running, Reservation quota) {
            this.running = running;
            this.quota = quota;
        }

        /** The archive went out: the permit of the quota stays spent. */
        void delivered() {
            delivered = true;
        }

        @Override
        public void close() {
            here.release();
            limiter.release(running);
            if (!delivered) {
                // A failed export (a contributor unreachable) costs the member nothing.
                limiter.release(quota);
            }
        }
    }
}
