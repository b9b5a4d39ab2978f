package agora.platform.password;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;

/**
 * Which passwords an account may have, after NIST SP 800-63B (§3.1.1.2) and OWASP ASVS 5.0 (§6.2):
 * length and a blocklist, no composition rules (no "one digit, one capital"), which only push users
 * towards {@code Password1!}.
 *
 * <ul>
 *   <li>At least {@value #MIN_LENGTH} characters; the form should recommend
 *       {@value #RECOMMENDED_LENGTH} or more. Any character counts, spaces included, as one per
 *       Unicode code point after NFC normalisation (what {@link PasswordHasher} hashes), so "å"
 *       typed as "a" plus a combining ring is one character.</li>
 *   <li>At most {@code max-length} characters, {@value #DEFAULT_MAX_LENGTH} by default and never
 *       below {@value #MIN_MAX_LENGTH}: passphrases fit, while megabyte "passwords" are refused
 *       before any hashing ({@link #tooLong} is cheap enough for every login).</li>
 *   <li>Not one of the 30,000 most common passwords of zxcvbn's list (shipped with this module,
 *       {@code common-passwords.txt}), compared without regard to case; nor a single short pattern
 *       repeated ({@code aaaaaaaa}, {@code abcabcabc}, {@code 12341234}) or a run of consecutive
 *       characters ({@code 12345678}, {@code 87654321}, {@code abcdefgh}), which that list leaves
 *       out because zxcvbn catches them by pattern.</li>
 *   <li>Not containing the user's e-mail address, its local part when it has four characters or
 *       more, or the display name when it has four or more, without regard to case.</li>
 * </ul>
 *
 * <p>Violations come back as machine codes with their parameters, so the auth service can render
 * localized field errors. Thread-safe; the list is read once per process (about 12,000 entries of
 * eight characters or more are kept).
 */
public final class PasswordPolicy {

    /** The fewest characters (code points after NFC) a password may have. */
    public static final int MIN_LENGTH = 8;
    /** The length the sign-up and change-password forms should recommend. */
    public static final int RECOMMENDED_LENGTH = 15;
    /** The most characters a password may have unless configured otherwise. */
    public static final int DEFAULT_MAX_LENGTH = 256;
    /** The lowest {@code max-length} accepted: both NIST and ASVS require allowing at least 64. */
    public static final int MIN_MAX_LENGTH = 64;

    /** The highest {@code max-length} accepted: beyond it, the limit no longer bounds the cost of a login. */
    static final int MAX_MAX_LENGTH = 1024;
    /** Personal words shorter than this are not looked for: "Bo" would refuse "bookshelf-1975". */
    static final int MIN_PERSONAL_LENGTH = 4;
    /** The longest unit whose repetition counts as common. */
    private static final int MAX_REPEATED_UNIT = 4;
    /**
     * No Unicode character's canonical decomposition is longer than four code points (a test checks
     * it), so NFC never makes a string shorter than a quarter of its code points, nor of an eighth
     * of its UTF-16 length.
     */
    static final int NFC_MAX_SHRINK = 4;

    private final int maxLength;
    private final Set<String> common;

    private PasswordPolicy(int maxLength) {
        if (maxLength < MIN_MAX_LENGTH || maxLength > MAX_MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "max-length must be between " + MIN_MAX_LENGTH + " and " + MAX_MAX_LENGTH + ", not " + maxLength);
        }
        this.maxLength = maxLength;
        this.common = CommonPasswords.entries();
    }

    /**
     * The policy with the default maximum of {@value #DEFAULT_MAX_LENGTH} characters.
     *
     * @return the policy
     */
    public static PasswordPolicy create() {
        return new PasswordPolicy(DEFAULT_MAX_LENGTH);
    }

    /**
     * The policy with another maximum length.
     *
     * @param maxLength the most characters a password may have, {@value #MIN_MAX_LENGTH} to 1024
     * @return the policy
     * @throws IllegalArgumentException when the maximum is out of that range
     */
    public static PasswordPolicy create(int maxLength) {
        return new PasswordPolicy(maxLength);
    }

    /**
     * Reads {@code max-length} from the given node (for the auth service,
     * {@code agora.auth.password}); missing means {@value #DEFAULT_MAX_LENGTH}.
     *
     * @param config the password node
     * @return the policy
     * @throws IllegalArgumentException naming the node when the value is malformed or out of range
     */
    public static PasswordPolicy from(Config config) {
        try {
            return new PasswordPolicy(config.get("max-length").asInt().orElse(DEFAULT_MAX_LENGTH));
        } catch (ConfigException | IllegalArgumentException e) { // a value that is no number, or out of range
            throw new IllegalArgumentException(config.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The fewest characters a password may have.
     *
     * @return {@value #MIN_LENGTH}
     */
    public int minLength() {
        return MIN_LENGTH;
    }

    /**
     * The most characters a password may have.
     *
     * @return the configured maximum
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Everything wrong with a password for a new or changed account password. A password that is
     * too long gets only {@code too-long}: nothing else is looked at. Otherwise the list holds
     * {@code too-short}, {@code common} and {@code personal} as they apply, in that order.
     *
     * @param password      the password as typed
     * @param personalWords the user's e-mail address and display name (any other words the user is
     *                      known by may be added); a word containing "@" is also looked for by the
     *                      part before its last "@"
     * @return the violations, empty when the password is acceptable
     */
    public List<PasswordViolation> check(String password, List<String> personalWords) {
        Objects.requireNonNull(password, "password");
        List<String> words = List.copyOf(personalWords);
        if (tooLong(password)) {
            return List.of(new PasswordViolation(PasswordViolation.Kind.TOO_LONG, Map.of("max", maxLength)));
        }
        String folded = fold(password);
        List<PasswordViolation> violations = new ArrayList<>();
        // Counted before case folding, which may change the count ("İ" lower-cases to two code points).
        if (codePoints(Normalizer.normalize(password, Normalizer.Form.NFC)) < MIN_LENGTH) {
            violations.add(new PasswordViolation(PasswordViolation.Kind.TOO_SHORT, Map.of("min", MIN_LENGTH)));
        } else if (common.contains(folded) || repeatsOrRuns(folded)) {
            // Only passwords of the minimum length are compared: the list keeps no shorter entries.
            violations.add(new PasswordViolation(PasswordViolation.Kind.COMMON, Map.of()));
        }
        if (personal(folded, words)) {
            violations.add(new PasswordViolation(PasswordViolation.Kind.PERSONAL, Map.of()));
        }
        return List.copyOf(violations);
    }

    /**
     * Whether a password is longer than the maximum, for refusing it before hashing (at login, so a
     * megabyte body costs no hash). Cheap: a string too long to fit even after NFC is refused
     * without normalising it.
     *
     * @param password the password as typed
     * @return true when it has more than {@link #maxLength()} code points after NFC
     */
    public boolean tooLong(String password) {
        Objects.requireNonNull(password, "password");
        // Each code point takes at most two UTF-16 units and NFC merges at most four into one.
        if (password.length() > 2L * NFC_MAX_SHRINK * maxLength) {
            return true;
        }
        return codePoints(Normalizer.normalize(password, Normalizer.Form.NFC)) > maxLength;
    }

    /** The form passwords and words are compared in: NFC, then lower case (root locale). */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Whether the whole password is one unit of up to four characters repeated, or a run of
     * characters each one above (or each one below) the one before.
     */
    private static boolean repeatsOrRuns(String folded) {
        int[] points = folded.codePoints().toArray();
        for (int unit = 1; unit <= MAX_REPEATED_UNIT && unit < points.length; unit++) {
            if (periodic(points, unit)) {
                return true;
            }
        }
        return steps(points, 1) || steps(points, -1);
    }

    private static boolean periodic(int[] points, int unit) {
        for (int i = unit; i < points.length; i++) {
            if (points[i] != points[i - unit]) {
                return false;
            }
        }
        return true;
    }

    private static boolean steps(int[] points, int step) {
        for (int i = 1; i < points.length; i++) {
            if (points[i] - points[i - 1] != step) {
                return false;
            }
        }
        return true;
    }

    private static boolean personal(String folded, List<String> words) {
        for (String word : words) {
            String w = fold(word.strip());
            if (codePoints(w) >= MIN_PERSONAL_LENGTH && folded.contains(w)) {
                return true;
            }
            int at = w.lastIndexOf('@');
            if (at > 0) {
                String local = w.substring(0, at);
                if (codePoints(local) >= MIN_PERSONAL_LENGTH && folded.contains(local)) {
                    return true;
                }
            }
        }
        return false;
    }
}
