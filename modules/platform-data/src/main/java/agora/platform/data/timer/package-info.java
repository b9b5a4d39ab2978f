/**
 * Durable timers: "at time T do X" that survive restarts and outages, kept per service and territory
 * in PostgreSQL, set in the transaction of the change that decides them and fired in a transaction
 * that deletes them ({@link agora.platform.data.timer.Timers}, {@link agora.platform.data.timer.Timer}).
 */
package agora.platform.data.timer;
