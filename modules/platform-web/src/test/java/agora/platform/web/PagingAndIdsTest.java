package agora.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import agora.platform.core.Ids;
import agora.platform.core.Languages;
import agora.platform.core.problem.ProblemException;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import io.helidon.common.parameters.Parameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cursors, page assembly, ids and language choice. */
class PagingAndIdsTest {
    private final Cursors cursors = new Cursors("a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

    @Test
    void pagingVisitsEveryItemOnceAndEndsWithNullNext() {
        List<Integer> all = IntStream.range(0, 250).boxed().toList();
        List<Integer> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Parameters query = cursor
                    .map(c -> Parameters.create("query", java.util.Map.of("limit", List.of("100"), "cursor", List.of(c))))
                    .orElseGet(() -> Parameters.create("query", java.util.Map.of("limit", List.of("100"))));
            PageRequest request = cursors.request("numbers", query);
            int after = request.after().map(p -> Integer.parseInt(p.getFirst())).orElse(-1);
            List<Integer> rows = all.stream().filter(n -> n > after).limit(request.fetchSize()).toList();
            Page<Integer> page = Page.of(rows, request, cursors, n -> List.of(Integer.toString(n)));
            seen.addAll(page.items());
            cursor = page.next();
            pages++;
        } while (cursor.isPresent());
        assertEquals(all, seen);
        assertEquals(3, pages);
    }

    @Test
    void cursorRoundTrips() {
        String cursor = cursors.encode("territories", List.of("2026-11-25T10:00:00Z", "DK"));
        assertEquals(List.of("2026-11-25T10:00:00Z", "DK"), cursors.decode("territories", cursor));
    }

    @Test
    void tamperedCursorIsRefused() {
        String cursor = cursors.encode("territories", List.of("DK"));
        String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
                StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("DK", "SE").getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        ProblemException refused = assertThrows(ProblemException.class, () -> cursors.decode("territories", forged));
        assertEquals("invalid-cursor", refused.kind().code());
        assertThrows(ProblemException.class, () -> cursors.decode("territories", "garbage"));
        assertThrows(ProblemException.class, () -> cursors.decode("territories", cursor + "x"));
    }

    @Test
    void cursorOfAnotherListOrSecretIsRefused() {
        String cursor = cursors.encode("territories", List.of("DK"));
        assertThrows(ProblemException.class, () -> cursors.decode("users", cursor));
        Cursors other = new Cursors("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        assertThrows(ProblemException.class, () -> other.decode("territories", cursor));
    }

    @Test
    void limitOutsideOneToHundredIsRefused() {
        for (String limit : List.of("0", "101", "-5", "ten")) {
            ProblemException refused = assertThrows(ProblemException.class, () -> cursors.request("x",
                    Parameters.create("query", java.util.Map.of("limit", List.of(limit)))));
            assertEquals(422, refused.kind().status());
            assertEquals(Optional.of("limit"), refused.errors().getFirst().parameter());
        }
        assertEquals(20, cursors.request("x", Parameters.empty("query")).limit());
        for (String limit : List.of("1", "100")) {
            assertEquals(Integer.parseInt(limit), cursors.request("x",
                    Parameters.create("query", java.util.Map.of("limit", List.of(limit)))).limit(), limit);
        }
        // A service building a request itself is held to the same bounds.
        assertThrows(IllegalArgumentException.class, () -> new PageRequest("x", 0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new PageRequest("x", 101, Optional.empty()));
        assertEquals(100, new PageRequest("x", 100, Optional.empty()).limit());
    }

    @Test
    void aPageHasANextCursorOnlyWhenARowBeyondItWasFound() {
        PageRequest two = new PageRequest("numbers", 2, Optional.empty());
        Page<Integer> exactly = Page.of(List.of(1, 2), two, cursors, n -> List.of(Integer.toString(n)));
        assertEquals(List.of(1, 2), exactly.items());
        assertEquals(Optional.empty(), exactly.next(), "as many rows as asked for: the last page");
        Page<Integer> more = Page.of(List.of(1, 2, 3), two, cursors, n -> List.of(Integer.toString(n)));
        assertEquals(List.of(1, 2), more.items());
        assertEquals(List.of("2"), cursors.decode("numbers", more.next().orElseThrow()));
        Page<String> mapped = more.map(n -> "#" + n);
        assertEquals(List.of("#1", "#2"), mapped.items());
        assertEquals(more.next(), mapped.next(), "converting the items keeps the cursor");
    }

    @Test
    void idsAreVersion7AndOrderedByTime() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        UUID first = new Ids(Clock.fixed(start, ZoneOffset.UTC)).next();
        UUID later = new Ids(Clock.fixed(start.plusMillis(1), ZoneOffset.UTC)).next();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertEquals(start.toEpochMilli(), first.getMostSignificantBits() >>> 16);
        assertTrue(first.toString().compareTo(later.toString()) < 0);
        assertNotEquals(first, new Ids(Clock.fixed(start, ZoneOffset.UTC)).next());
    }

    @Test
    void idsOfOneMillisecondStillIncreaseAndStayUnguessable() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        Ids ids = new Ids(Clock.fixed(start, ZoneOffset.UTC));
        String previous = ids.next().toString();
        java.util.Set<Long> steps = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID next = ids.next();
            assertEquals(7, next.version());
            assertEquals(start.toEpochMilli(), next.getMostSignificantBits() >>> 16, "same millisecond");
            assertTrue(previous.compareTo(next.toString()) < 0, previous + " then " + next);
            steps.add(next.getLeastSignificantBits());
            previous = next.toString();
        }
        assertEquals(10_000, steps.size());
        // A clock that steps back does not make ids go back.
        Ids backwards = new Ids(new Clock() {
            private long millis = start.toEpochMilli();

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                millis -= 5;
                return Instant.ofEpochMilli(millis);
            }
        });
        String before = backwards.next().toString();
        assertTrue(before.compareTo(backwards.next().toString()) < 0);
    }

    @Test
    void languageIsChosenFromAcceptLanguage() {
        assertEquals(Locale.ENGLISH, Languages.negotiate(Optional.empty()));
        assertEquals("da", Languages.negotiate(Optional.of("da-DK,da;q=0.9,en;q=0.8")).getLanguage());
        assertEquals("nb", Languages.negotiate(Optional.of("no")).getLanguage());
        assertEquals("nb", Languages.negotiate(Optional.of("no-NO, en;q=0.5")).getLanguage());
        assertEquals("da", Languages.negotiate(Optional.of("da, no;q=0.5")).getLanguage());
        assertEquals("nn", Languages.negotiate(Optional.of("nn-NO")).getLanguage());
        assertEquals("sv", Languages.negotiate(Optional.of("fr, sv;q=0.5")).getLanguage());
        assertEquals(Locale.ENGLISH, Languages.negotiate(Optional.of("fr")));
        assertEquals(Locale.ENGLISH, Languages.negotiate(Optional.of(";;;q=x")));
    }
}
