package agora.user.search;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds names and handles into the search column's alphabet, and queries the same way, so a match
 * is decided in Java rather than by the database's locale (decision 107).
 *
 * <ul>
 *   <li>Case is folded; accents a Danish, Norwegian or Swedish reader treats as decoration go
 *       (é → e, ü → u, ñ → n; ß → ss, þ → th, ð → d, ł → l, đ → d).</li>
 *   <li>æ, ø, å, ä and ö are letters of their own: "Sørensen" is not "Sorensen", "Åse" not "Ase".
 *       Each becomes a token of its own, a digit from 1 to 5; real digits become {@code 0} and the
 *       digit, so no token is a prefix of another and a match starting at a word always lines up.</li>
 *   <li>Any other letter (Cyrillic, Greek, Arabic …) becomes {@code 9} and its code point in four
 *       base-36 characters; everything else separates words.</li>
 * </ul>
 * The result is ASCII ({@code a-z}, {@code 0-9}, single spaces, one leading and one trailing space
 * so a word's prefix is {@code LIKE '% pre%'}). pg_trgm reads ASCII alike under the embedded
 * server's C locale (where æ, ø and å would be separators) and the machine server's C.UTF-8.
 */
public final class SearchText {

    private SearchText() {
    }

    /**
     * The search column of a profile.
     *
     * @param handle      its handle, or {@code null}
     * @param displayName its display name
     * @return the folded words of both, with a space before and after
     */
    public static String column(String handle, String displayName) {
        String words = (fold(handle == null ? "" : handle) + " " + fold(displayName)).strip();
        return " " + words + " ";
    }

    /**
     * Folds text into the search alphabet: words separated by single spaces, no leading or trailing space.
     *
     * @param text any text
     * @return the folded words (empty when the text has no letters or digits)
     */
    public static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length() + 8);
        // æ ø å ä ö before decomposition: å, ä and ö would otherwise lose their marks like é does.
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().forEach(c -> {
            switch (c) {
                case 'æ', 'ǽ' -> kept.append('\u0001');
                case 'ø', 'ǿ' -> kept.append('\u0002');
                case 'å' -> kept.append('\u0003');
                case 'ä' -> kept.append('\u0004');
                case 'ö' -> kept.append('\u0005');
                default -> kept.appendCodePoint(c);
            }
        });
        String decomposed = Normalizer.normalize(kept, Normalizer.Form.NFKD);
        boolean space = true;
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            String token = token(c);
            if (token == null) {
                continue;
            }
            if (token.equals(" ")) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
                continue;
            }
            out.append(token);
            space = false;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    /* The search alphabet's token of one code point: null to drop it (a combining mark), " " to separate. */
    private static String token(int c) {
        if (c >= 1 && c <= 5) {
            return String.valueOf((char) ('0' + c));
        }
        if (c >= 'a' && c <= 'z') {
            return String.valueOf((char) c);
        }
        if (c >= '0' && c <= '9') {
            return "0" + (char) c;
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return null;
        }
        switch (c) {
            case 'ß':
                return "ss";
            case 'þ':
                return "th";
            case 'ð', 'đ':
                return "d";
            case 'ł':
                return "l";
            case 'ı':
                return "i";
            case 'œ':
                return "oe";
            default:
                break;
        }
        if (Character.isLetter(c) || Character.isDigit(c)) {
            String code = Integer.toString(c, 36);
            return "9" + "0000".substring(code.length()) + code;
        }
        return " ";
    }
}
