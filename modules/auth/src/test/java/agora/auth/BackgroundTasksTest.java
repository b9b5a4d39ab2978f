package agora.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workers that run a password-reset request's work after its answer has gone, on a host of
 * their own: a bounded queue that drops and logs what does not fit, a task that meets an outage
 * tried again until it gets through, any other failure logged and dropped without stopping the
 * worker, and a wait for the queue that a stopping service (and a test) can trust.
 */
class BackgroundTasksTest {
    private static TestHost host;
    private static BackgroundTasks one;
    private static BackgroundTasks two;

    @BeforeAll
    static void start() {
        host = TestHost.with(new AgoraService() {
            @Override
            public String name() {
                return "tasks";
            }

            @Override
            public void mount(Mount mount) {
                one = new BackgroundTasks("one", 1, 2, mount);
                two = new BackgroundTasks("two", 2, 10, mount);
            }
        }).territory("VA").start();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void aFullQueueDropsTheTaskAndSaysSoAndTheWaitStillEnds() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        try (LogCapture log = LogCapture.of(BackgroundTasks.class.getName())) {
            assertTrue(one.submit(() -> {
                running.countDown();
                await(release);
                ran.add("first");
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS), "the worker took the first task");
            assertTrue(one.submit(() -> ran.add("second")));
            assertTrue(one.submit(() -> ran.add("third")));
            assertFalse(one.submit(() -> ran.add("dropped")), "the queue holds two");
            assertEquals(List.of("one: too much queued work; a task was dropped"), messages(log));

            assertFalse(one.awaitIdle(Duration.ofMillis(200)), "three tasks are still to run");
            release.countDown();
            assertTrue(one.awaitIdle(Duration.ofSeconds(10)), "the dropped task is not waited for");
            assertEquals(List.of("first", "second", "third"), ran);
        }
    }

    @Test
    void aTaskThatMeetsAnOutageIsTriedAgainUntilItGetsThrough() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        List<String> ran = new CopyOnWriteArrayList<>();
        assertTrue(one.submit(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new ProblemException(ProblemKind.UNAVAILABLE, AuthProblems.MESSAGES.text("hashing.busy"));
            }
            ran.add("through");
        }));
        assertTrue(one.submit(() -> ran.add("after")));
        assertTrue(one.awaitIdle(Duration.ofSeconds(20)), "waits for the retries too");
        assertEquals(3, tries.get());
        assertEquals(List.of("through", "after"), ran, "the same task again, then the next");
    }

    @Test
    void anyOtherFailureIsLoggedAndDroppedAndTheWorkerGoesOn() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        try (LogCapture log = LogCapture.of(BackgroundTasks.class.getName())) {
            assertTrue(one.submit(() -> {
                tries.incrementAndGet();
                throw new IllegalStateException("a fault");
            }));
            assertTrue(one.submit(() -> ran.add("next")));
            assertTrue(one.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(1, tries.get(), "not tried again");
            assertEquals(List.of("next"), ran);
            assertEquals(List.of("A background task of one failed and is dropped: java.lang.IllegalStateException: a fault"),
                    messages(log));
        }
        JsonNode health = host.api().get("/observe/health").json();
        assertTrue(health.toString().contains("tasks-one-1"), health.toString());
    }

    @Test
    void eachWorkerRunsATaskAtTheSameTime() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            assertTrue(two.submit(() -> {
                both.countDown();
                await(release);
            }));
        }
        assertTrue(both.await(10, TimeUnit.SECONDS), "two workers took a task each");
        release.countDown();
        assertTrue(two.awaitIdle(Duration.ofSeconds(10)));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The records' messages with their parameters filled in, as the log shows them. */
    private static List<String> messages(LogCapture log) {
        return log.records().stream().map(BackgroundTasksTest::format).toList();
    }

    private static String format(LogRecord record) {
        return java.text.MessageFormat.format(record.getMessage(), record.getParameters());
    }
}
