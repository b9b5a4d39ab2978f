package agora.platform.data.timer;

import agora.platform.contract.TerritoryCode;

import io.helidon.dbclient.DbExecute;

/**
 * What a timer does when it fires: runs in the territory's transaction that also deletes the timer,
 * so its database effects (and the events it writes to the outbox) happen exactly once. Effects
 * outside the database (a cache write, a mail) may repeat after a crash and must tolerate it.
 *
 * @param <T> the timer's data
 */
@FunctionalInterface
public interface TimerHandler<T> {

    /**
     * Fires one timer.
     *
     * @param transaction the territory's transaction
     * @param territory   the territory
     * @param key         the timer's name within its kind
     * @param data        its data
     */
    void fire(DbExecute transaction, TerritoryCode territory, String key, T data);
}
