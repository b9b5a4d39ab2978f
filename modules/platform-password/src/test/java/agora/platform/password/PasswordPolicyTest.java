package agora.platform.password;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    private static final PasswordPolicy POLICY = PasswordPolicy.create();
    private static final List<String> ANNA = List.of("Anna.Berg@example.com", "Anna Berg");
    private static final String NODE = "agora.auth.password";

    @Test
    void aLongUncommonPasswordPasses() {
        assertEquals(List.of(), POLICY.check("correct horse battery staple", ANNA));
        assertEquals(List.of(), POLICY.check("k7#Rw!p2", ANNA));
    }

    @Test
    void eightCharactersAreEnoughAndSevenAreNot() {
        assertEquals(List.of(), POLICY.check("tulip-4x", List.of()));
        assertEquals(List.of(tooShort()), POLICY.check("tulip-4", List.of()));
        assertEquals(List.of(tooShort()), POLICY.check("", List.of()));
        assertEquals(15, PasswordPolicy.RECOMMENDED_LENGTH);
        assertEquals(8, POLICY.minLength());
    }

    @Test
    void charactersAreCodePointsAfterNfc() {
        // Seven characters, eight UTF-16 units when "å" arrives as "a" plus a combining ring.
        assertEquals(List.of(tooShort()), POLICY.check("bla\u030abærs", List.of()));
        assertEquals(List.of(), POLICY.check("bla\u030abærsy", List.of()));
        // Eight emoji are eight characters though sixteen UTF-16 units; four are four.
        assertEquals(List.of(), POLICY.check("\ud83d\udd11\ud83c\udf0a\ud83e\udd80\ud83c\udf4b"
                + "\ud83d\ude80\ud83c\udf35\ud83e\udd94\ud83c\udfb2", List.of()));
        assertEquals(List.of(tooShort()), POLICY.check("\ud83d\udd11\ud83c\udf0a\ud83e\udd80\ud83c\udf4b", List.of()));
    }

    @Test
    void noCompositionRules() {
        assertEquals(List.of(), POLICY.check("all lower case words", List.of()));
        assertEquals(List.of(), POLICY.check("9183745560", List.of()));
        assertEquals(List.of(), POLICY.check("ÆØÅ æøå ÅØÆ", List.of()));
    }

    @Test
    void upToTheMaximumIsAllowedAndBeyondIsTooLongAndNothingElse() {
        String max = "a1b2c3d4-".repeat(28) + "wxyz";
        assertEquals(256, max.length());

        assertEquals(List.of(), POLICY.check(max, List.of()));
        assertFalse(POLICY.tooLong(max));
        assertEquals(List.of(tooLong(256)), POLICY.check(max + "!", List.of()));
        assertTrue(POLICY.tooLong(max + "!"));
        // Too long and personal and patterned: only the length is reported, nothing else is looked at.
        assertEquals(List.of(tooLong(256)), POLICY.check("anna berg ".repeat(30), ANNA));
    }

    @Test
    void sixtyFourCharactersAreAlwaysAllowed() {
        PasswordPolicy tightest = PasswordPolicy.create(64);
        String passphrase = "the quiet fjord keeps its secrets under a lid of grey winter ice";
        assertEquals(64, passphrase.length());

        assertEquals(List.of(), tightest.check(passphrase, List.of()));
        assertEquals(List.of(tooLong(64)), tightest.check(passphrase + ".", List.of()));
    }

    @Test
    void lengthIsCountedAfterNfcAtTheMaximumToo() {
        String decomposed = "a\u030a".repeat(256); // 512 UTF-16 units, 256 characters after NFC

        assertFalse(POLICY.tooLong(decomposed));
        assertTrue(POLICY.tooLong(decomposed + "a\u030a"));
    }

    @Test
    void anAbsurdLengthIsTooLongBeforeAnyHashing() {
        assertTrue(POLICY.tooLong("x".repeat(10_000_000)));
        assertEquals(List.of(tooLong(256)), POLICY.check("x".repeat(10_000_000), ANNA));
    }

    /** The shortcut in {@link PasswordPolicy#tooLong} relies on this; a new Unicode version could change it. */
    @Test
    void noCharacterDecomposesIntoMoreThanFourCodePoints() {
        int longest = 0;
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            if (Character.isDefined(codePoint) && !Character.isSurrogate((char) codePoint)
                    || codePoint > Character.MAX_VALUE && Character.isDefined(codePoint)) {
                String nfd = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFD);
                longest = Math.max(longest, nfd.codePointCount(0, nfd.length()));
            }
        }
        assertEquals(PasswordPolicy.NFC_MAX_SHRINK, longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "Password", "iloveyou", "qwertyuiop", "trustno1", "1qaz2wsx",
            "baseball", "sunshine", "superman", "1234567890"})
    void commonPasswordsAreRefusedWhateverTheirCase(String password) {
        assertEquals(List.of(common()), POLICY.check(password, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaa", "11111111", "00000000", "abababab", "abcabcabc", "12341234", "passpass",
            "12345678", "87654321", "abcdefgh", "ZYXWVUTSR", "\u00e6\u00e6\u00e6\u00e6\u00e6\u00e6\u00e6\u00e6"})
    void aRepeatedShortPatternOrARunOfCharactersIsCommon(String password) {
        assertEquals(List.of(common()), POLICY.check(password, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcde12345 and more", "passwordless protocol", "my password is long", "12345678 is common"})
    void aCommonPasswordInsideALongerOneIsNotRefused(String password) {
        assertEquals(List.of(), POLICY.check(password, List.of()));
    }

    @Test
    void theShippedListHasThirtyThousandEntriesOfWhichThoseOfEightOrMoreCharactersAreKept() {
        // zxcvbn's list: 11,611 of its 30,000 entries have eight characters or more.
        assertEquals(11_611, CommonPasswords.entries().size());
        assertTrue(CommonPasswords.entries().contains("password"));
        assertFalse(CommonPasswords.entries().contains("dragon"), "shorter entries are refused as too short anyway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna.berg@example.com", "ANNA.BERG@EXAMPLE.COM", "my anna.berg@example.com!",
            "anna.berg1990", "x-Anna.Berg-x", "anna berg forever", "I am ANNA BERG"})
    void passwordsContainingTheEmailItsLocalPartOrTheDisplayNameArePersonal(String password) {
        assertEquals(List.of(personal()), POLICY.check(password, ANNA));
    }

    @Test
    void shortPersonalWordsAreNotLookedFor() {
        List<String> bo = List.of("bo@example.com", "Bo");

        assertEquals(List.of(), POLICY.check("bookshelf-1975", bo));
        assertEquals(List.of(personal()), POLICY.check("bo@example.com-1975", bo), "the whole address still counts");
        assertEquals(List.of(personal()), POLICY.check("olaf-in-winter", List.of("olaf@example.com", "Olaf")));
    }

    @Test
    void personalWordsMatchAfterNfcWhateverTheCase() {
        List<String> ase = List.of("a\u030ase.berg@example.no", "\u00c5se Berg"); // "å" decomposed, then composed

        assertEquals(List.of(personal()), POLICY.check("\u00e5se.berg-loves-fjords", ase));
        assertEquals(List.of(personal()), POLICY.check("A\u030aSE BERG 1975", ase));
    }

    @Test
    void everyViolationThatAppliesIsReportedInOrder() {
        assertEquals(List.of(tooShort(), personal()), POLICY.check("anna1", List.of("Anna")));
        assertEquals(List.of(common(), personal()), POLICY.check("iloveyou", List.of("me@example.com", "love")));
    }

    @Test
    void violationsCarryMachineCodesAndParameters() {
        assertEquals("too-short", tooShort().code());
        assertEquals(Map.of("min", 8), POLICY.check("short", List.of()).getFirst().parameters());
        assertEquals("too-long", tooLong(256).code());
        assertEquals(Map.of("max", 256), POLICY.check("x".repeat(300), List.of()).getFirst().parameters());
        assertEquals("common", common().code());
        assertEquals("personal", personal().code());
    }

    @Test
    void maxLengthIsConfigurableButNeverBelowSixtyFour() {
        assertEquals(256, PasswordPolicy.from(node(Map.of())).maxLength());
        assertEquals(128, PasswordPolicy.from(node(Map.of("max-length", "128"))).maxLength());
        assertEquals(64, PasswordPolicy.from(node(Map.of("max-length", "64"))).maxLength());

        for (String value : List.of("63", "0", "1025", "long")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PasswordPolicy.from(node(Map.of("max-length", value))));
            assertTrue(e.getMessage().startsWith(NODE + ": "), e.getMessage());
        }
    }

    private static PasswordViolation tooShort() {
        return new PasswordViolation(PasswordViolation.Kind.TOO_SHORT, Map.of("min", 8));
    }

    private static PasswordViolation tooLong(int max) {
        return new PasswordViolation(PasswordViolation.Kind.TOO_LONG, Map.of("max", max));
    }

    private static PasswordViolation common() {
        return new PasswordViolation(PasswordViolation.Kind.COMMON, Map.of());
    }

    private static PasswordViolation personal() {
        return new PasswordViolation(PasswordViolation.Kind.PERSONAL, Map.of());
    }

    private static Config node(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put(NODE + "." + key, value));
        prefixed.put("agora.other", "unrelated");
        return Config.just(ConfigSources.create(prefixed)).get(NODE);
    }
}
