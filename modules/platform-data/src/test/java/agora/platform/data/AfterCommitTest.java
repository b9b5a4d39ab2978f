package agora.platform.data;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import agora.platform.contract.TerritoryCode;

import io.helidon.dbclient.DbExecute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a transaction hands to {@link Database#afterCommit} happens once its change is durable, and
 * never for a change that was rolled back or whose commit failed.
 */
class AfterCommitTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("TV");
    private static Platform platform;

    @BeforeAll
    static void territory() {
        platform = TestPlatform.get();
        TestPlatform.territory("TV", "active", List.of());
    }

    @Test
    void anActionRunsAfterTheCommitInTheOrderGivenAndAFailingOneStopsNoOther() {
        List<String> ran = new CopyOnWriteArrayList<>();
        String result = platform.database().inTerritory(TERRITORY, db -> {
            platform.database().afterCommit(db, () -> ran.add("first"));
            platform.database().afterCommit(db, () -> {
                throw new IllegalStateException("the mail server is down");
            });
            platform.database().afterCommit(db, () -> ran.add("third"));
            assertEquals(List.of(), ran, "nothing before the commit");
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("first", "third"), ran);
    }

    @Test
    void aRolledBackTransactionRunsNoAction() {
        List<String> ran = new CopyOnWriteArrayList<>();
        assertThrows(IllegalStateException.class, () -> platform.database().runInTerritory(TERRITORY, db -> {
            platform.database().afterCommit(db, () -> ran.add("mail"));
            throw new IllegalStateException("the change failed after the mail was decided");
        }));
        assertEquals(List.of(), ran);
    }

    @Test
    void aCommitThatFailsRunsNoAction() {
        List<String> ran = new CopyOnWriteArrayList<>();
        // A deferred unique constraint is checked at the commit: the work succeeds, the commit fails.
        assertThrows(RuntimeException.class, () -> platform.database().runInTerritory(TERRITORY, db -> {
            db.dml("CREATE TEMP TABLE at_commit (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP");
            db.dml("INSERT INTO at_commit VALUES (1), (1)");
            platform.database().afterCommit(db, () -> ran.add("mail"));
        }));
        assertEquals(List.of(), ran);
    }

    @Test
    void onlyAnOpenTransactionTakesActions() {
        AtomicReference<DbExecute> finished = new AtomicReference<>();
        platform.database().runInTerritory(TERRITORY, finished::set);
        assertThrows(IllegalStateException.class, () -> platform.database().afterCommit(finished.get(), () -> { }));
    }
}
