package agora.platform.data.timer;

import java.time.Instant;
import java.util.Objects;

import agora.platform.data.Database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbExecute;

/**
 * One kind of durable timer of a service ("end this suspension", "let this strike lapse"): set and
 * cancelled inside the transaction of the change that decides it, fired by the host at most a poll
 * interval late, after restarts and outages too.
 *
 * <p>A timer is named by a key unique within its kind ({@code account:<id>}): setting it again moves
 * it, so a later decision replaces an earlier one instead of adding a second firing.
 *
 * @param <T> the data the handler gets
 */
public final class Timer<T> {
    private final String service;
    private final String kind;
    private final Class<T> type;
    private final ObjectMapper mapper;

    Timer(String service, String kind, Class<T> type, ObjectMapper mapper) {
        this.service = service;
        this.kind = kind;
        this.type = type;
        this.mapper = mapper;
    }

    /**
     * Sets (or moves) a timer, inside the caller's territory transaction.
     *
     * @param transaction the transaction of the change, opened for the territory
     * @param key         the timer's name within its kind
     * @param due         when it fires
     * @param data        what the handler gets
     */
    public void set(DbExecute transaction, String key, Instant due, T data) {
        Objects.requireNonNull(due, "due");
        String json;
        try {
            json = mapper.writeValueAsString(Objects.requireNonNull(data, "data"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("timer data must be JSON: " + e.getMessage(), e);
        }
        transaction.insert("INSERT INTO " + service + "_timers (kind, key, due_at, data, set_at) "
                        + "VALUES (?, ?, ?, ?::jsonb, now()) ON CONFLICT (kind, key) DO UPDATE SET due_at = EXCLUDED.due_at, "
                        + "data = EXCLUDED.data, attempts = 0, last_error = NULL, set_at = EXCLUDED.set_at",
                kind, key, Database.timestamp(due), json);
    }

    /**
     * Cancels a timer, inside the caller's territory transaction.
     *
     * @param transaction the transaction
     * @param key         the timer's name within its kind
     * @return whether there was one
     */
    public boolean cancel(DbExecute transaction, String key) {
        return transaction.delete("DELETE FROM " + service + "_timers WHERE kind = ? AND key = ?", kind, key) > 0;
    }

    /** The kind's name. */
    public String kind() {
        return kind;
    }

    T read(String json) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("timer data of " + kind + " is unreadable: " + e.getMessage(), e);
        }
    }
}
