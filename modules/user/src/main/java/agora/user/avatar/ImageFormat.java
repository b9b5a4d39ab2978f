package agora.user.avatar;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The image types an avatar may be uploaded as, recognised by their first bytes, never by a label. */
enum ImageFormat {
    JPEG("JPEG", "jpeg", Set.of("image/jpeg", "image/jpg", "image/pjpeg")),
    PNG("PNG", "png", Set.of("image/png", "image/x-png")),
    WEBP("WebP", "webp", Set.of("image/webp"));

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String label;
    private final String readerName;
    private final Set<String> mediaTypes;

    ImageFormat(String label, String readerName, Set<String> mediaTypes) {
        this.label = label;
        this.readerName = readerName;
        this.mediaTypes = mediaTypes;
    }

    /** The name people know it by. */
    String label() {
        return label;
    }

    /** The format name ImageIO finds its reader by. */
    String readerName() {
        return readerName;
    }

    /** Whether a declared media type names this format. */
    boolean isCalled(String mediaType) {
        return mediaTypes.contains(mediaType.toLowerCase(Locale.ROOT));
    }

    /**
     * The format whose magic number the bytes start with.
     *
     * @param bytes the upload
     * @return the format, empty for anything else (GIF, SVG, HTML, a ZIP …)
     */
    static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (bytes.length >= 8 && Arrays.equals(bytes, 0, 8, PNG_SIGNATURE, 0, 8)) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 12 && ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    static boolean ascii(byte[] bytes, int at, String text) {
        if (at < 0 || at + text.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
