/**
 * The pod's database, one transaction helper that confines work to a territory's schema, the
 * platform every service is built from, and the contract by which a service is mounted.
 */
package agora.platform.data;
