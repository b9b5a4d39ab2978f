/**
 * The words services declare their contracts in: territory codes, event types, permissions, problem
 * kinds, and the {@link agora.platform.contract.Catalog} through which each {@code -api} module tells
 * the host what it declares; and the member's data export every
 * service contributes to ({@link agora.platform.contract.export.MemberExportContribution}).
 *
 * <p>Depends on nothing but {@code java.base}, so that a service's {@code -api} module, which may
 * require only this module, stays a contract and never drags an implementation after it.
 */
module agora.platform.contract {
    exports agora.platform.contract;
    exports agora.platform.contract.export;
}
