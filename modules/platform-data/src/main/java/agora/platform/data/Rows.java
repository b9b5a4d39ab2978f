package agora.platform.data;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.helidon.dbclient.DbRow;

/**
 * Column conversions the JDBC mapping leaves to us: {@code timestamptz} to {@link Instant}, and
 * nullable columns to {@link Optional}.
 */
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
     * A nullable text column.
     *
     * @param row    the row
     * @param column the column
     * @return the value, empty for SQL null
     */
    public static Optional<String> optionalString(DbRow row, String column) {
        return row.column(column).asOptional().map(String::valueOf);
    }

    /**
     * A nullable {@code timestamptz} column as an instant.
     *
     * @param row    the row
     * @param column the column
     * @return the instant, empty for SQL null
     */
    public static Optional<Instant> optionalInstant(DbRow row, String column) {
        Optional<Object> present = row.column(column).asOptional();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        Object value = present.get();
        return switch (value) {
            case Timestamp timestamp -> Optional.of(timestamp.toInstant());
            case OffsetDateTime offset -> Optional.of(offset.toInstant());
            case Instant instant -> Optional.of(instant);
            default -> throw new IllegalStateException(column + " is not a timestamp: " + value.getClass());
        };
    }
}
