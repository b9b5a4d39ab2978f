package agora.benchmarks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: a fixed number of clients, each on its own virtual thread, sending its next
 * request as soon as the previous answer arrived. After a warm-up, every answer that arrives within
 * the measured window counts: its latency (send → whole body read) and whether it was a 2xx.
 */
final class ClosedLoop {
    private ClosedLoop() {
    }

    /** The request a client sends next. */
    @FunctionalInterface
    interface Requests {
        /**
         * @param client    the client's index, 0 … concurrency − 1
         * @param iteration how many requests this client sent before
         * @return the request
         */
        HttpRequest next(int client, long iteration);
    }

    /**
     * One measured load.
     *
     * @param label       what was driven
     * @param concurrency how many clients
     * @param seconds     length of the measured window
     * @param latencies   nanoseconds of every 2xx answer in the window, sorted
     * @param errors      answers in the window that were not 2xx, and failed sends
     * @param firstError  the first of them, for the report
     * @param cpu         CPU time the measured processes used in the window, and the machine's load
     */
    record Run(String label, int concurrency, double seconds, long[] latencies, long errors, Optional<String> firstError,
               Cpu.Used cpu) {
        long completed() {
            return latencies.length;
        }

        double perSecond() {
            return latencies.length / seconds;
        }

        /** Milliseconds at a percentile (nearest rank). */
        double percentile(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        double maxMillis() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }

        /**
         * This run and another of the same load taken at another time, as one: the latencies of
         * both, their windows and CPU added.
         */
        Run merge(Run other) {
            long[] both = java.util.stream.LongStream.concat(Arrays.stream(latencies), Arrays.stream(other.latencies))
                    .sorted().toArray();
            return new Run(label, concurrency, seconds + other.seconds, both, errors + other.errors,
                    firstError.or(other::firstError), cpu.plus(other.cpu));
        }

        /** CPU milliseconds of the measured processes per answered request. */
        double cpuMillisPerRequest() {
            return latencies.length == 0 ? Double.NaN : cpu.cpuMillis() / latencies.length;
        }
    }

    /**
     * Drives a load in this process and measures it.
     *
     * @param label       what is driven, for the report
     * @param http        the client (its connections are reused across requests)
     * @param concurrency how many clients
     * @param warmUp      load before the measured window (JIT, pools, caches)
     * @param measure     the measured window
     * @param requests    what each client sends
     * @param measured    the processes whose CPU time is reported (the server's, the load generator's)
     * @return the measurement
     */
    static Run run(String label, HttpClient http, int concurrency, Duration warmUp, Duration measure, Requests requests,
                   List<ProcessHandle> measured) throws InterruptedException {
        Cpu.Sample[] samples = new Cpu.Sample[2];
        Answers answers = drive(concurrency, warmUp, measure,
                client -> iteration -> send(http, requests.next(client, iteration)), new Window() {
            @Override
            public void opened() {
                samples[0] = Cpu.sample(measured);
            }

            @Override
            public void closed() {
                samples[1] = Cpu.sample(measured);
            }
        });
        return new Run(label, concurrency, measure.toNanos() / 1e9, answers.latencies(), answers.errors(),
                answers.firstError(), Cpu.between(samples[0], samples[1]));
    }

    /** Told when the measured window opens and closes, from the thread that drives the load. */
    interface Window {
        void opened();

        void closed();
    }

    /**
     * What a load got in its measured window.
     *
     * @param latencies  nanoseconds of every 2xx answer, sorted
     * @param errors     answers that were not 2xx, and failed sends
     * @param firstError the first of them
     */
    record Answers(long[] latencies, long errors, Optional<String> firstError) {
    }

    /** One client of a load: sends its next request and waits for the whole answer. */
    @FunctionalInterface
    interface Client {
        /**
         * @param iteration how many requests this client sent before
         * @return empty for a 2xx answer, else what went wrong
         */
        Optional<String> send(long iteration);
    }

    /**
     * Drives a load: warm-up, then the window (told to {@code window}), then every client stops.
     *
     * @param clients makes client {@code i} (0 … concurrency − 1), on the thread it runs on
     */
    static Answers drive(int concurrency, Duration warmUp, Duration measure, java.util.function.IntFunction<Client> clients,
                         Window window) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + warmUp.toNanos();
        long to = from + measure.toNanos();
        Latencies[] perClient = new Latencies[concurrency];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        try (ExecutorService running = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < concurrency; client++) {
                Latencies mine = new Latencies();
                perClient[client] = mine;
                int index = client;
                running.submit(() -> {
                    Client sender = clients.apply(index);
                    long iteration = 0;
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= to) {
                            return;
                        }
                        Optional<String> failure = sender.send(iteration++);
                        long answered = System.nanoTime();
                        if (answered >= from && answered < to) {
                            if (failure.isEmpty()) {
                                mine.add(answered - sent);
                            } else {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, failure.get());
                            }
                        }
                    }
                });
            }
            sleepUntil(from);
            window.opened();
            sleepUntil(to);
            window.closed();
        }
        long[] all = Arrays.stream(perClient).flatMapToLong(Latencies::stream).sorted().toArray();
        return new Answers(all, errors.get(), Optional.ofNullable(firstError.get()));
    }

    /** Sends a request and reads the whole answer: empty for a 2xx, else what went wrong. */
    static Optional<String> send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 2) {
                return Optional.empty();
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return Optional.of(response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
        } catch (IOException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(e.toString());
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** One client's latencies: a growing array, touched by its own thread only until the run ends. */
    private static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }
}
