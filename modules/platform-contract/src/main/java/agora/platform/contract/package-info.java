/**
 * Contract vocabulary: {@link agora.platform.contract.TerritoryCode}, {@link agora.platform.contract.EventType},
 * {@link agora.platform.contract.Permission}, {@link agora.platform.contract.ProblemKind} and
 * {@link agora.platform.contract.Catalog}.
 */
package agora.platform.contract;
