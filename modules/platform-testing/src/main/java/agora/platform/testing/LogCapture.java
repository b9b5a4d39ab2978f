package agora.platform.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records a logger (and the loggers below it) publishes while the capture is open: for tests
 * that assert what a component logged, or that it logged nothing. Open it after the code under test
 * has configured logging (Helidon resets the handlers as it starts).
 */
public final class LogCapture implements AutoCloseable {
    /** Held, so that the logger with the handler on it is not collected and recreated without it. */
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /**
     * Starts capturing.
     *
     * @param loggerName the logger, {@code ""} for every one
     * @return the open capture
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    /** What was published so far, live (it keeps growing until {@link #close}); still readable after it. */
    public List<LogRecord> records() {
        return records;
    }

    /** Stops capturing; the records stay. */
    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
