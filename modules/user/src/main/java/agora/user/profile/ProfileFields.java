package agora.user.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import agora.platform.core.problem.Validation;
import agora.user.UserProblems;

/** The rules of a profile's fields, each adding its error to a {@link Validation}. */
final class ProfileFields {
    static final int MAX_DISPLAY_NAME = 60;
    static final int MAX_BIO = 2000;
    static final int MAX_PRONOUNS = 40;
    static final int MAX_LINKS = 5;
    static final int MAX_LINK = 300;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");

    private ProfileFields() {
    }

    /** A display name by the rules auth applies at registration (NFC, 1–60 characters, no control, bidi or email). */
    static Optional<String> displayName(Validation validation, String name) {
        String pointer = "/displayName";
        String normalised = Normalizer.normalize(name, Normalizer.Form.NFC).strip();
        int length = normalised.codePointCount(0, normalised.length());
        if (length < 1 || length > MAX_DISPLAY_NAME || normalised.codePoints().anyMatch(ProfileFields::controlOrBidi)) {
            validation.add(UserProblems.field(pointer, "invalid-display-name", "field.display-name", MAX_DISPLAY_NAME));
            return Optional.empty();
        }
        if (EMAIL.matcher(normalised).find()) {
            validation.add(UserProblems.field(pointer, "display-name-is-email", "field.display-name-email"));
            return Optional.empty();
        }
        return Optional.of(normalised);
    }

    /** A handle: 3–30 ASCII letters, digits or underscores, a leading {@code @} allowed and dropped. */
    static Optional<String> handle(Validation validation, String handle) {
        String bare = Handles.bare(handle.strip());
        if (!Handles.valid(bare)) {
            validation.add(UserProblems.field("/handle", "invalid-handle", "field.handle", Handles.MIN, Handles.MAX));
            return Optional.empty();
        }
        return Optional.of(bare);
    }

    /** A bio: Markdown up to 2000 characters; line breaks and tabs are the only control characters allowed. */
    static Optional<String> bio(Validation validation, String bio) {
        String normalised = Normalizer.normalize(bio, Normalizer.Form.NFC).strip();
        boolean valid = normalised.codePointCount(0, normalised.length()) <= MAX_BIO
                && normalised.codePoints().noneMatch(c -> c != '\n' && c != '\t' && c != '\r' && controlOrBidi(c));
        validation.check(valid, UserProblems.field("/bio", "invalid-bio", "field.bio", MAX_BIO));
        return valid ? Optional.of(normalised.replace("\r\n", "\n")) : Optional.empty();
    }

    /** Pronouns: a short line of text; empty clears them. */
    static Optional<String> pronouns(Validation validation, String pronouns) {
        String normalised = Normalizer.normalize(pronouns, Normalizer.Form.NFC).strip();
        boolean valid = normalised.codePointCount(0, normalised.length()) <= MAX_PRONOUNS
                && normalised.codePoints().noneMatch(ProfileFields::controlOrBidi);
        validation.check(valid, UserProblems.field("/pronouns", "invalid-pronouns", "field.pronouns", MAX_PRONOUNS));
        return valid ? Optional.of(normalised) : Optional.empty();
    }

    /** A language among the territory's. */
    static Optional<String> language(Validation validation, String language, Set<String> allowed) {
        String tag = language.strip().toLowerCase(Locale.ROOT);
        boolean valid = allowed.contains(tag);
        validation.check(valid, UserProblems.field("/language", "invalid-language", "field.language",
                String.join(", ", allowed.stream().sorted().toList())));
        return valid ? Optional.of(tag) : Optional.empty();
    }

    /** Up to five absolute http or https URLs with a host, each up to 300 characters. */
    static Optional<List<String>> links(Validation validation, List<String> links) {
        if (links.size() > MAX_LINKS) {
            validation.add(UserProblems.field("/links", "too-many-links", "field.links", MAX_LINKS));
            return Optional.empty();
        }
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            String link = links.get(i) == null ? "" : links.get(i).strip();
            if (link(link)) {
                valid.add(link);
            } else {
                validation.add(UserProblems.field("/links/" + i, "invalid-link", "field.link", MAX_LINK));
            }
        }
        return valid.size() == links.size() ? Optional.of(List.copyOf(valid)) : Optional.empty();
    }

    private static boolean link(String link) {
        if (link.isEmpty() || link.length() > MAX_LINK || link.codePoints().anyMatch(c -> c <= ' ' || c == 0x7F
                || controlOrBidi(c) || Character.isWhitespace(c))) {
            return false;
        }
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Control characters (Cc), and the bidi marks, embeddings, overrides and isolates. */
    static boolean controlOrBidi(int c) {
        return Character.getType(c) == Character.CONTROL || c == 0x061C || c == 0x200E || c == 0x200F
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }
}
