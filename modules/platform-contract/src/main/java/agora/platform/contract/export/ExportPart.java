package agora.platform.contract.export;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One service's share of a member's export: its files, which the archive keeps in a folder named
 * after the service.
 *
 * @param entries the files, names unique
 */
public record ExportPart(List<ExportEntry> entries) {
    /** The most one service may put in an archive, so a part crosses the internal listener in one answer. */
    public static final int MAX_BYTES = 8 << 20;

    /** Copies the list; refuses duplicate names and parts larger than {@link #MAX_BYTES}. */
    public ExportPart {
        entries = List.copyOf(entries);
        Set<String> names = new HashSet<>();
        long size = 0;
        for (ExportEntry entry : entries) {
            if (!names.add(entry.name())) {
                throw new IllegalArgumentException("two export entries are named " + entry.name());
            }
            size += entry.content().length;
        }
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("an export part holds at most " + MAX_BYTES + " bytes, not " + size);
        }
    }

    /**
     * A part of these files.
     *
     * @param entries the files
     * @return the part
     */
    public static ExportPart of(ExportEntry... entries) {
        return new ExportPart(List.of(entries));
    }
}
