package agora.platform.password;

import java.util.concurrent.CountDownLatch;

/**
 * An Argon2 engine that hashes at once until told to {@link #hold}, then waits in its next hash,
 * holding the hasher's turn, until the test counts {@link #release} down: how a test has a hash
 * running for as long as it needs one.
 */
final class HoldingEngine implements Argon2Engine {
    /** Counted down when a held hash has started. */
    final CountDownLatch entered = new CountDownLatch(1);
    /** Count it down to let the held hash finish. */
    final CountDownLatch release = new CountDownLatch(1);
    private final Argon2Engine engine;
    private volatile boolean holding;

    HoldingEngine(Argon2Engine engine) {
        this.engine = engine;
    }

    /** From now on a hash waits for {@link #release}. */
    void hold() {
        holding = true;
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        if (holding) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return engine.hash(password, salt, memoryKib, iterations, parallelism, length);
    }

    @Override
    public HashingBackend backend() {
        return engine.backend();
    }
}
