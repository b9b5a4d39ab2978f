package agora.platform.password;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list of common passwords as the policy reads it: every entry of the shipped list that a
 * password could equal (eight characters or more, folded as the policy folds what it checks), and
 * none of the list's comment lines. Read here directly: the policy's copy is read once per JVM.
 */
class CommonPasswordsTest {

    @Test
    void theListHoldsItsEntriesOfEightCharactersOrMoreFolded() {
        Set<String> entries = CommonPasswords.read();

        assertEquals(CommonPasswords.entries(), entries);
        assertTrue(entries.size() > 10_000, "entries: " + entries.size());
        assertTrue(entries.contains("password"), "an entry of exactly eight characters");
        assertTrue(entries.contains("password1"));
        assertTrue(entries.stream().allMatch(entry -> entry.equals(PasswordPolicy.fold(entry))), "folded");
        assertTrue(entries.stream().allMatch(entry -> PasswordPolicy.codePoints(entry) >= PasswordPolicy.MIN_LENGTH));
    }

    @Test
    void theListsCommentsAreNoEntries() {
        assertFalse(CommonPasswords.read().stream().anyMatch(entry -> entry.startsWith("#")),
                "a comment line of eight characters or more would otherwise be refused as a password");
    }
}
