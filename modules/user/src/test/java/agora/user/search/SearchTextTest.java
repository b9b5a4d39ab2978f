package agora.user.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folding names into the search column: what a Nordic reader counts as the same letter, and what not. */
class SearchTextTest {

    @ParameterizedTest(name = "{0} folds like {1}")
    @CsvSource({
            "José, jose", "MÜLLER, muller", "Çelik, celik", "Straße, strasse", "Þór, thor", "Łukasz, lukasz",
            "Ñandú, nandu", "Zoë, zoe", "ÅSE, åse", "Ødegård, ødegård", "Dæhlie, DÆHLIE", "Märta, MÄRTA",
            "Öberg, öBERG", "ﬁne, fine"})
    void foldsAlike(String a, String b) {
        assertEquals(SearchText.fold(a), SearchText.fold(b));
    }

    @ParameterizedTest(name = "{0} is not {1}")
    @CsvSource({"Sørensen, Sorensen", "Åse, Ase", "Dæhlie, Daehlie", "Dæhlie, Dahlie", "Märta, Marta",
            "Öberg, Oberg", "Ø, O", "Å, Aa", "Ä, Æ", "Ö, Ø"})
    void keepsNordicLettersApart(String a, String b) {
        assertNotEquals(SearchText.fold(a), SearchText.fold(b));
    }

    @Test
    void theColumnIsAsciiSoEveryDatabaseLocaleReadsItAlike() {
        String column = SearchText.column("bjørn_77", "Bjørn Dæhlie Åse Märta Öberg Иван Ελένη 李");
        assertTrue(column.chars().allMatch(c -> c == ' ' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'), column);
        assertTrue(column.startsWith(" ") && column.endsWith(" ") && !column.contains("  "), column);
    }

    @Test
    void digitsAndNordicLettersCannotBeMistakenForEachOther() {
        assertNotEquals(SearchText.fold("a1"), SearchText.fold("aæ"));
        assertEquals("a01", SearchText.fold("a1"));
        assertEquals("a1", SearchText.fold("aæ"));
    }

    @Test
    void punctuationAndSymbolsSeparateWords() {
        assertEquals("anna k", SearchText.fold("  anna_k!! "));
        assertEquals("", SearchText.fold("🙂 — …"));
        assertEquals("o ruiz", SearchText.fold("O'Ruiz"));
    }
}
