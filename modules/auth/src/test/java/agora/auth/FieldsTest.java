package agora.auth;

import java.util.Optional;

import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The checks of what clients type, at their edges: every limit at its value and one beyond, the
 * first and last character of every range let in or kept out, and nothing given at all. The API
 * tests show the answers a client gets; these pin the edges, which a whole request cannot afford
 * to walk one by one.
 */
class FieldsTest {

    @Test
    void anEmailIsTrimmedAndTakenUpToItsLongestLength() {
        String local = "a".repeat(64);
        String longest = local + "@" + "b".repeat(Fields.MAX_EMAIL - 64 - 5) + ".org";
        assertEquals(Fields.MAX_EMAIL, longest.length());
        assertEquals(longest, email(" " + longest + " "));
        assertEquals("invalid-email", email(longest.replace("@", "@b")));
        assertEquals("invalid-email", email("a".repeat(65) + "@example.org"), "the local part has 64 at most");
        assertEquals("invalid-email", email("no-at-sign.example.org"));
        assertEquals("invalid-email", email("two words@example.org"));
        assertEquals("invalid-email", email("nul\u0000@example.org"));
        assertEquals("required", email(null));
        assertEquals("required", email(" \t"));
    }

    @Test
    void aDisplayNameIsNormalisedAndCountedInCodePoints() {
        assertEquals("Åse", displayName("  A\u030Ase "), "NFC, surrounding space dropped");
        String sixty = "\uD83D\uDE00".repeat(Fields.MAX_DISPLAY_NAME);
        assertEquals(sixty, displayName(sixty), "60 emoji are 120 chars but 60 characters");
        assertEquals("invalid-display-name", displayName(sixty + "x"));
        assertEquals("x", displayName("x"));
        assertEquals("required", displayName(null));
        assertEquals("required", displayName("   "));
        assertEquals("display-name-is-email", displayName("Write to me: me@example.org"));
    }

    @Test
    void aDisplayNameHoldsNoControlOrBidiCharacterButItsNeighboursPass() {
        for (int refused : new int[]{0x00, 0x1F, 0x7F, 0x9F, 0x061C, 0x200E, 0x200F, 0x202A, 0x202C, 0x202E,
                0x2066, 0x2068, 0x2069}) {
            assertEquals("invalid-display-name", displayName("Ann" + Character.toString(refused) + "e"),
                    Integer.toHexString(refused));
        }
        for (int kept : new int[]{0x061B, 0x061D, 0x200D, 0x2010, 0x2029, 0x202F, 0x2065, 0x206A, 0xA0}) {
            String name = "Ann" + Character.toString(kept) + "e";
            assertEquals(java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC), displayName(name),
                    Integer.toHexString(kept));
        }
    }

    @Test
    void aPasswordToSignInIsAnythingUpToItsLongestLength() {
        String longest = "p".repeat(Fields.MAX_PASSWORD);
        assertEquals(longest, password(longest));
        assertEquals("invalid-password", password(longest + "p"));
        assertEquals(" ", password(" "), "a password is taken as typed, spaces and all");
        assertEquals("required", password(null));
        assertEquals("required", password(""));
        assertEquals(" ", newPassword(" "));
        assertEquals("required", newPassword(null));
        assertEquals("required", newPassword(""));
    }

    @Test
    void aTokenIsUrlSafeBase64UpToItsLongestLength() {
        String alphabet = "AZaz09-_";
        assertEquals(alphabet, token(alphabet));
        String longest = "t".repeat(Fields.MAX_TOKEN);
        assertEquals(longest, token(longest));
        assertEquals("invalid-token", token(longest + "t"));
        for (char outside : "@[`{/:+=. \u00C5".toCharArray()) {
            assertEquals("invalid-token", token("abc" + outside), "'" + outside + "'");
        }
        assertEquals("required", token(null));
        assertEquals("required", token(" "));
    }

    private static String email(String input) {
        return verdict(Fields::email, input);
    }

    private static String displayName(String input) {
        return verdict(Fields::displayName, input);
    }

    private static String password(String input) {
        return verdict(Fields::password, input);
    }

    private static String newPassword(String input) {
        return verdict(Fields::newPassword, input);
    }

    private static String token(String input) {
        return verdict(Fields::token, input);
    }

    /** One of the checks in {@link Fields}. */
    @FunctionalInterface
    private interface Check {
        Optional<String> read(Validation validation, String pointer, String input);
    }

    /** The value taken, or the code of the one error recorded (a value and an error together fail). */
    private static String verdict(Check check, String input) {
        Validation validation = new Validation();
        Optional<String> value = check.read(validation, "/field", input);
        if (!validation.failed()) {
            return value.orElseThrow(() -> new AssertionError("neither a value nor an error"));
        }
        assertEquals(Optional.empty(), value, "a refused value is not handed on");
        try {
            validation.throwIfInvalid();
            throw new AssertionError("failed() but nothing thrown");
        } catch (ProblemException problem) {
            assertEquals(1, problem.errors().size(), problem.errors().toString());
            return problem.errors().getFirst().code();
        }
    }
}
