package agora.benchmarks;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A closed-loop load driven from a JVM of its own, so that the server's CPU time per request is
 * measured apart from the load generator's: both share the cores, but not a process. Its clients
 * are {@link RawHttp} connections, which take far less CPU than the JDK's client. The child
 * says on its standard output when the measured window opens and closes; the parent samples the
 * server's CPU (and the child's) at those moments.
 *
 * <p>{@link #main} is the child: {@code <calls file> <concurrency> <warm-up ms> <window ms> <answers file>}.
 */
final class LoadProcess {
    private static final String OPENED = "window opened";
    private static final String CLOSED = "window closed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadProcess() {
    }

    /**
     * What a load driven from its own process cost.
     *
     * @param run        the answers, with the server's CPU in the window
     * @param loadCpu    the load generator's CPU in the window
     * @param backendCpu the CPU of the backends' processes on this machine in the window (PostgreSQL,
     *                   Redis, NATS: whatever the caller named)
     */
    record Measured(ClosedLoop.Run run, Cpu.Used loadCpu, Cpu.Used backendCpu) {
        Measured merge(Measured other) {
            return new Measured(run.merge(other.run), loadCpu.plus(other.loadCpu), backendCpu.plus(other.backendCpu));
        }

        /** Of the server's CPU, its JIT compilers' milliseconds per answered request. */
        double compilerMillisPerRequest() {
            return run.completed() == 0 ? Double.NaN : run.cpu().compilerMillis() / run.completed();
        }

        /** The backends' CPU milliseconds per answered request. */
        double backendCpuMillisPerRequest() {
            return run.completed() == 0 ? Double.NaN : backendCpu.cpuMillis() / run.completed();
        }

        /** Load-generator CPU milliseconds per answered request. */
        double loadCpuMillisPerRequest() {
            return run.completed() == 0 ? Double.NaN : loadCpu.cpuMillis() / run.completed();
        }
    }

    /**
     * Drives the calls from a child JVM (client {@code c}'s {@code i}-th request is call
     * {@code (c + i × concurrency) mod n}, as {@link LoginBenchmark} does in process).
     *
     * @param label       what is driven
     * @param calls       the requests the clients take turns with
     * @param concurrency how many clients
     * @param warmUp      load before the window
     * @param measure     the window
     * @param servers     the processes serving the load, whose CPU is the run's
     * @param backends    the processes of the servers' backends, whose CPU is reported apart
     */
    static Measured run(String label, List<Call> calls, int concurrency, Duration warmUp, Duration measure,
                        List<ProcessHandle> servers, java.util.function.Supplier<List<ProcessHandle>> backends)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("agora-load");
        try {
            Path callsFile = dir.resolve("calls.json");
            Path answersFile = dir.resolve("answers.bin");
            writeCalls(callsFile, calls);
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Process child = new ProcessBuilder(java, "-Xlog:disable", "-XX:+UseSerialGC",
                    "-p", System.getProperty("jdk.module.path"), "-m", "agora.benchmarks/" + LoadProcess.class.getName(),
                    callsFile.toString(), Integer.toString(concurrency), Long.toString(warmUp.toMillis()),
                    Long.toString(measure.toMillis()), answersFile.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<ProcessHandle> load = List.of(child.toHandle());
            Cpu.Sample serverBefore = null;
            Cpu.Sample loadBefore = null;
            Cpu.Sample backendsBefore = null;
            List<ProcessHandle> backendProcesses = List.of();
            Cpu.Used server = null;
            Cpu.Used loadUsed = null;
            Cpu.Used backendsUsed = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals(OPENED)) {
                        // PostgreSQL starts a process per connection: the ones alive when the window opens.
                        backendProcesses = backends.get();
                        serverBefore = Cpu.sample(servers);
                        loadBefore = Cpu.sample(load);
                        backendsBefore = Cpu.sample(backendProcesses);
                    } else if (line.equals(CLOSED) && serverBefore != null) {
                        server = Cpu.between(serverBefore, Cpu.sample(servers));
                        loadUsed = Cpu.between(loadBefore, Cpu.sample(load));
                        backendsUsed = Cpu.between(backendsBefore, Cpu.sample(backendProcesses));
                    }
                }
            }
            int exit = child.waitFor();
            if (exit != 0 || server == null) {
                throw new IllegalStateException("the load process for " + label + " failed (exit " + exit + ")");
            }
            try (DataInputStream in = new DataInputStream(Files.newInputStream(answersFile))) {
                long errors = in.readLong();
                String first = in.readUTF();
                long[] latencies = new long[in.readInt()];
                for (int i = 0; i < latencies.length; i++) {
                    latencies[i] = in.readLong();
                }
                return new Measured(new ClosedLoop.Run(label, concurrency, measure.toNanos() / 1e9, latencies, errors,
                        first.isEmpty() ? Optional.empty() : Optional.of(first), server), loadUsed, backendsUsed);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The child: drives the load and writes what it got.
     *
     * @param args {@code <calls file> <concurrency> <warm-up ms> <window ms> <answers file>}
     */
    public static void main(String[] args) throws Exception {
        List<Call> calls = readCalls(Path.of(args[0]));
        int concurrency = Integer.parseInt(args[1]);
        ClosedLoop.Answers answers = ClosedLoop.drive(concurrency, Duration.ofMillis(Long.parseLong(args[2])),
                Duration.ofMillis(Long.parseLong(args[3])), client -> new RawHttp(calls, client, concurrency),
                new ClosedLoop.Window() {
                    @Override
                    public void opened() {
                        say(OPENED);
                    }

                    @Override
                    public void closed() {
                        say(CLOSED);
                    }
                });
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[4])))) {
            out.writeLong(answers.errors());
            out.writeUTF(answers.firstError().orElse(""));
            out.writeInt(answers.latencies().length);
            for (long latency : answers.latencies()) {
                out.writeLong(latency);
            }
        }
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** One stored call: what JSON holds of it (the body in base64). */
    private record StoredCall(String method, String uri, List<List<String>> headers, byte[] body) {
    }

    private static void writeCalls(Path file, List<Call> calls) throws IOException {
        List<StoredCall> stored = new ArrayList<>();
        for (Call call : calls) {
            stored.add(new StoredCall(call.method(), call.uri().toString(), call.headers().stream()
                    .map(header -> List.of(header.name(), header.value())).toList(), call.body()));
        }
        JSON.writeValue(file.toFile(), stored);
    }

    private static List<Call> readCalls(Path file) throws IOException {
        StoredCall[] stored = JSON.readValue(file.toFile(), StoredCall[].class);
        List<Call> calls = new ArrayList<>();
        for (StoredCall call : stored) {
            calls.add(new Call(call.method(), URI.create(call.uri()), call.headers().stream()
                    .map(pair -> new Call.Header(pair.get(0), pair.get(1))).toList(), call.body()));
        }
        return calls;
    }
}
