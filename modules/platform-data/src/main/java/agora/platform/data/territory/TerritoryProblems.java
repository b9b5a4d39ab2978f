package agora.platform.data.territory;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.DataMessages;

/** The problems of a request whose territory cannot be served. */
public final class TerritoryProblems {
    /** No territory with that code on this pod. */
    public static final ProblemKind UNKNOWN = new ProblemKind("unknown-territory", 404, "Unknown territory");
    /** The territory is closed by an operator. */
    public static final ProblemKind INACTIVE = new ProblemKind("territory-inactive", 403, "Territory inactive");
    /** The territory's tables are still being created. */
    public static final ProblemKind PROVISIONING = new ProblemKind("territory-provisioning", 503, "Territory being set up");
    /** The request names no territory and the pod has no default. */
    public static final ProblemKind REQUIRED = new ProblemKind("territory-required", 400, "Territory required");

    private TerritoryProblems() {
    }

    /**
     * The problem for a code no territory has.
     *
     * @param code what the request named
     * @return the problem
     */
    public static ProblemException unknown(String code) {
        String shown = code.length() > 12 ? code.substring(0, 12) + "…" : code;
        return new ProblemException(UNKNOWN, DataMessages.MESSAGES.text("territory.unknown", shown));
    }

    /**
     * The problem for a territory that cannot be served in its status.
     *
     * @param territory the territory
     * @return the problem
     */
    public static ProblemException unavailable(Territory territory) {
        return switch (territory.status()) {
            case INACTIVE -> new ProblemException(INACTIVE,
                    DataMessages.MESSAGES.text("territory.inactive", territory.code().value()));
            case PROVISIONING -> new ProblemException(PROVISIONING,
                    DataMessages.MESSAGES.text("territory.provisioning", territory.code().value()))
                    .header("Retry-After", "2");
            case ACTIVE -> throw new IllegalArgumentException("an active territory can be served");
        };
    }
}
