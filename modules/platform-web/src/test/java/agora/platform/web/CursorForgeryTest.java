package agora.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import agora.platform.core.problem.ProblemException;
import agora.platform.web.paging.Cursors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A cursor's signature binds it to its scope so that no cursor can be re-cut for another list: the
 * scope's length and a separator are signed before it, so moving bytes between the scope and the
 * position forges nothing. Found by mutation testing: signing the scope without its length, or
 * without the separator, passed every other test.
 */
class CursorForgeryTest {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Cursors cursors = new Cursors("a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

    @Test
    void bytesMovedFromThePositionIntoTheScopeDoNotMakeACursorOfTheLongerScope() {
        String issued = cursors.encode("list-a", List.of("bc"));

        String recut = payload("c") + issued.substring(issued.indexOf('.'));

        assertEquals(List.of("bc"), cursors.decode("list-a", issued));
        assertThrows(ProblemException.class, () -> cursors.decode("list-ab", recut));
    }

    @Test
    void aScopeWhoseLengthRunsIntoItsFirstCharacterForgesNothing() {
        // Signed without the separator, "1" + "0" + "abcdefghijXY" and "10" + "abcdefghij" + "XY" are the same bytes.
        String issued = cursors.encode("0", List.of("abcdefghijXY"));

        String recut = payload("XY") + issued.substring(issued.indexOf('.'));

        assertThrows(ProblemException.class, () -> cursors.decode("abcdefghij", recut));
    }

    @Test
    void aSecretOfThirtyTwoBytesIsEnoughAndThirtyOneIsNot() {
        Cursors shortest = new Cursors(new byte[32]);

        assertEquals(List.of("7"), shortest.decode("s", shortest.encode("s", List.of("7"))));
        assertThrows(IllegalArgumentException.class, () -> new Cursors(new byte[31]));
    }

    @Test
    void aPositionStartingWithTheSeparatorIsRefusedWhenEncoding() {
        assertThrows(IllegalArgumentException.class, () -> cursors.encode("s", List.of("\u001fx")));
    }

    @Test
    void aPositionOfSeveralValuesComesBackAsIssued() {
        List<String> position = List.of("2026-03-01T12:00:00Z", "42", "");

        assertEquals(position, cursors.decode("s", cursors.encode("s", position)));
    }

    private static String payload(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
