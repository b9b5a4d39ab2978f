package agora.platform.contract.export;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a member's export. The content is bytes, so images travel as they are: in-process
 * untouched, over the internal listener as base64 (JSON's way with bytes).
 *
 * @param name      the file's path inside the service's folder ({@code account.json},
 *                  {@code avatars/original.webp}): lower-case segments, no {@code ..}, so a
 *                  contributor cannot write outside its folder
 * @param mediaType what the content is ({@code application/json}, {@code image/webp})
 * @param content   the bytes
 */
public record ExportEntry(String name, String mediaType, byte[] content) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9]+)*(/[a-z0-9][a-z0-9_-]*(\\.[a-z0-9]+)*)*");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]+");
    private static final int MAX_NAME = 200;

    /** Checks the name and media type; the content is kept as given (not copied). */
    public ExportEntry {
        Objects.requireNonNull(content, "content");
        if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an export entry name: " + name);
        }
        if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new IllegalArgumentException("not a media type: " + mediaType);
        }
    }

    /**
     * A JSON file.
     *
     * @param name the file's path ({@code account.json})
     * @param json the document, already serialised
     * @return the entry
     */
    public static ExportEntry json(String name, byte[] json) {
        return new ExportEntry(name, "application/json", json);
    }

    /**
     * A text file in UTF-8.
     *
     * @param name the file's path
     * @param text the text
     * @return the entry
     */
    public static ExportEntry text(String name, String text) {
        return new ExportEntry(name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
}
