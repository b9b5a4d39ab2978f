package agora.platform.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What PostgreSQL cannot store as sent: a NUL, or half of a surrogate pair wherever it stands;
 * whole pairs (emoji, say) are text like any other.
 */
class UnstorableTextTest {
    @Test
    void aNulOrALoneHalfOfAPairIsFoundWhereverItStands() {
        assertTrue(UnstorableText.in("\0"));
        assertTrue(UnstorableText.in("name\0"));
        assertTrue(UnstorableText.in("\uDE00abc"), "a low half first");
        assertTrue(UnstorableText.in("ab\uD83Dc"), "a high half followed by no low one");
        assertTrue(UnstorableText.in("abc\uD83D"), "a high half at the very end");
        assertTrue(UnstorableText.in("\uD83D\uDE00\uDE00"), "a low half after a whole pair");
    }

    @Test
    void wholePairsAndPlainTextPass() {
        assertFalse(UnstorableText.in(""));
        assertFalse(UnstorableText.in("Blåbærgrød <b>&amp;</b>"));
        assertFalse(UnstorableText.in("\uD83D\uDE00"));
        assertFalse(UnstorableText.in("a\uD83D\uDE00b\uD83C\uDDE9\uD83C\uDDF0"));
    }
}
