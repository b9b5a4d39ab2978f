/**
 * A member's export of their own data ({@code GET /api/users/me/export}): a zip assembled from the
 * {@link agora.platform.contract.export.MemberExportContribution} of every service that declares one,
 * none of which this package names.
 */
package agora.user.export;
