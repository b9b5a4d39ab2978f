package agora.platform.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What a client is told when shared state cannot be reached. */
class StateUnavailableExceptionTest {

    @Test
    void isARetryable503InTheReadersLanguage() {
        IOException cause = new IOException("connection refused");
        StateUnavailableException problem = new StateUnavailableException(cause);

        assertEquals(503, problem.kind().status());
        assertEquals(Map.of("Retry-After", "2"), problem.headers());
        assertSame(cause, problem.getCause());
        Set<String> texts = new HashSet<>();
        for (String language : List.of("en", "da", "nb", "nn", "sv")) {
            String text = problem.detail().in(Locale.forLanguageTag(language));
            assertNotEquals("state.unavailable", text, language);
            texts.add(text);
        }
        assertEquals(5, texts.size(), "one text per language: " + texts);
    }
}
