package agora.platform.data;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.helidon.dbclient.DbRow;

/** Column conversions the JDBC mapping leaves to us: {@code timestamptz} to {@link Instant}. */
public final class Rows {
    private Rows() {
    }

    /**
     * A non-null {@code timestamptz} column as an instant.
     *
     * @param row    the row
     * @param column the column
     * @return the instant
     */
    public static Instant instant(DbRow row, String column) {
        return optionalInstant(row, column)
                .orElseThrow(() -> new IllegalStateException(column + " is null"));
    }

    /**
     * A nullable {@code timestamptz} column as an instant.
     *
     * @param row    the row
     * @param column the column
     * @return the instant, empty for SQL null
     */
    public static Optional<Instant> optionalInstant(DbRow row, String column) {
        Object value = row.column(column).get();
        return switch (value) {
            case null -> Optional.empty();
            case Timestamp timestamp -> Optional.of(timestamp.toInstant());
            case OffsetDateTime offset -> Optional.of(offset.toInstant());
            case Instant instant -> Optional.of(instant);
            default -> throw new IllegalStateException(column + " is not a timestamp: " + value.getClass());
        };
    }
}
