package agora.platform.host;

import java.util.function.Supplier;

/** A part made on first use, so a process that needs no security or mail never builds them. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                if (value == null) {
                    value = make.get();
                }
                current = value;
            }
        }
        return current;
    }

    boolean made() {
        return value != null;
    }
}
