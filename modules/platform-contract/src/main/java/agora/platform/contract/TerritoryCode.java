package agora.platform.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A territory's code: an officially assigned ISO 3166-1 alpha-2 country code, upper case
 * ({@code DK}). It names the territory's schema, {@code territory_dk}.
 *
 * @param value the upper-case code
 */
public record TerritoryCode(String value) implements Comparable<TerritoryCode> {
    private static final Set<String> ISO_CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    public TerritoryCode {
        if (value == null || !ISO_CODES.contains(value)) {
            throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 code: " + value);
        }
    }

    /**
     * Parses a code, accepting lower case (hosts and paths are often lower case).
     *
     * @param text the text
     * @return the code, empty when it is not an assigned ISO 3166-1 alpha-2 code
     */
    public static Optional<TerritoryCode> parse(String text) {
        if (text == null || text.length() != 2) {
            return Optional.empty();
        }
        String upper = text.toUpperCase(Locale.ROOT);
        return ISO_CODES.contains(upper) ? Optional.of(new TerritoryCode(upper)) : Optional.empty();
    }

    /**
     * The code of a text known to be valid (configuration, tests).
     *
     * @param text the code
     * @return the code
     * @throws IllegalArgumentException when it is not valid
     */
    public static TerritoryCode of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an ISO 3166-1 alpha-2 code: " + text));
    }

    /** The territory's schema name. */
    public String schema() {
        return "territory_" + value.toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(TerritoryCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
