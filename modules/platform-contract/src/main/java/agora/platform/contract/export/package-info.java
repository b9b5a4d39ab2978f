/**
 * A member's data export (GDPR art. 15 and 20), as every service contributes to it: the
 * {@link agora.platform.contract.export.MemberExportContribution} a service lists among its catalog's
 * {@code contributions()} and provides, and the {@link agora.platform.contract.export.ExportEntry files}
 * it answers with. The service that assembles the archive asks every contributor and names none.
 */
package agora.platform.contract.export;
