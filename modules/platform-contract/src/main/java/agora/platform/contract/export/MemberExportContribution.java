package agora.platform.contract.export;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * What one service holds about a member, for the member's own export. Each service that keeps
 * personal data lists this interface in its catalog's {@code contributions()} and provides its
 * answer ({@code mount.contribute(MemberExportContribution.class, …)}); the exporting service asks
 * every contributor, in-process or over its internal listener, so a new service's data joins the
 * archive without a change to the exporter.
 *
 * <p>An answer holds what the member may see about themselves, never a secret that would let anyone
 * act as them (password hashes, second-factor secrets, recovery codes, token hashes).
 */
public interface MemberExportContribution {

    /**
     * The member's data in this service.
     *
     * @param territory the member's territory
     * @param member    the account
     * @return the service's files for the archive; empty when it holds nothing about the member
     */
    ExportPart export(TerritoryCode territory, UUID member);
}
