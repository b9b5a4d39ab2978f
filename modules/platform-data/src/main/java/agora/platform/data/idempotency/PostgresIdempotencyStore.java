package agora.platform.data.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.platform.web.idempotency.IdempotencyStore;
import agora.platform.web.idempotency.StoredReply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;

/**
 * Idempotency keys in {@code global.idempotency_keys}. The primary key on (scope, key) makes the
 * claim atomic across every instance of every service. Answers are kept for {@link #RETENTION};
 * a claim whose request died without answering is taken over after {@link #ABANDONED_AFTER}.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {
    /** How long a first answer can be replayed. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /** When an unanswered claim counts as abandoned (its process died mid-request). */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private static final String INSERT_CLAIM = """
            INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at)
            VALUES (?, ?, ?, 'in-progress', ?)
            ON CONFLICT (scope, key) DO NOTHING""";
    private static final String SELECT_FOR_UPDATE = """
            SELECT fingerprint, state, status, headers::text AS headers, body, created_at
            FROM idempotency_keys WHERE scope = ? AND key = ? FOR UPDATE""";
    private static final String RECLAIM = """
            UPDATE idempotency_keys SET fingerprint = ?, state = 'in-progress', status = NULL, headers = NULL,
                   body = NULL, created_at = ?, completed_at = NULL
            WHERE scope = ? AND key = ?""";
    private static final String COMPLETE = """
            UPDATE idempotency_keys SET state = 'completed', status = ?, headers = ?::jsonb, body = ?, completed_at = ?
            WHERE scope = ? AND key = ?""";
    private static final String RELEASE = "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND state = 'in-progress'";
    private static final String SWEEP = "DELETE FROM idempotency_keys WHERE created_at < ?";

    private final Database database;
    private final ObjectMapper mapper;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    /**
     * A store in the pod's database.
     *
     * @param database the database
     * @param mapper   writes the kept headers
     */
    public PostgresIdempotencyStore(Database database, ObjectMapper mapper) {
        this.database = database;
        this.mapper = mapper;
    }

    @Override
    public Claim claim(String scope, String key, String fingerprint, Instant now) {
        sweepOccasionally(now);
        return database.inGlobal(db -> {
            long inserted = db.insert(INSERT_CLAIM, scope, key, fingerprint, Database.timestamp(now));
            if (inserted == 1) {
                return new Claim.Fresh();
            }
            Optional<DbRow> existing = db.get(SELECT_FOR_UPDATE, scope, key);
            if (existing.isEmpty()) {
                // Released between our insert and select: claim it now.
                db.insert(INSERT_CLAIM, scope, key, fingerprint, Database.timestamp(now));
                return new Claim.Fresh();
            }
            DbRow row = existing.get();
            Instant createdAt = Rows.instant(row, "created_at");
            boolean expired = createdAt.plus(RETENTION).isBefore(now);
            boolean abandoned = "in-progress".equals(row.column("state").get(String.class))
                    && createdAt.plus(ABANDONED_AFTER).isBefore(now);
            if (expired || abandoned) {
                db.update(RECLAIM, fingerprint, Database.timestamp(now), scope, key);
                return new Claim.Fresh();
            }
            if (!fingerprint.equals(row.column("fingerprint").get(String.class))) {
                return new Claim.Mismatch();
            }
            if ("in-progress".equals(row.column("state").get(String.class))) {
                return new Claim.InProgress();
            }
            return new Claim.Replay(new StoredReply(row.column("status").get(Integer.class),
                    readHeaders(row.column("headers").get(String.class)),
                    row.column("body").get(byte[].class)));
        });
    }

    @Override
    public void complete(String scope, String key, StoredReply reply, Instant now) {
        String headers = writeHeaders(reply.headers());
        database.inGlobal(db -> db.update(COMPLETE, reply.status(), headers, reply.body(),
                Database.timestamp(now), scope, key));
    }

    @Override
    public void release(String scope, String key) {
        database.inGlobal(db -> db.delete(RELEASE, scope, key));
    }

    private void sweepOccasionally(Instant now) {
        Instant last = lastSweep.get();
        if (last.plus(SWEEP_EVERY).isBefore(now) && lastSweep.compareAndSet(last, now)) {
            database.inGlobal(db -> db.delete(SWEEP, Database.timestamp(now.minus(RETENTION))));
        }
    }

    private Map<String, String> readHeaders(String json) {
        try {
            return mapper.readValue(json, HEADERS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored idempotency headers unreadable", e);
        }
    }

    private String writeHeaders(Map<String, String> headers) {
        try {
            return mapper.writeValueAsString(headers);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("idempotency headers unwritable", e);
        }
    }

}
