package agora.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import agora.platform.password.PasswordHashing;

/**
 * OWASP's Argon2id rows of equal strength (p=1), timed on this machine through the hasher a login
 * uses: which one costs a login the least. Prints its figures; asserts nothing.
 * {@code ./agora bench hashes [--seconds N]}: N measured seconds per row, in turns (default 12).
 */
public final class HashRows {
    /** OWASP's Password Storage Cheat Sheet: m (KiB) and t of equal strength at p=1, strongest memory first. */
    private static final int[][] ROWS = {{47_104, 1}, {19_456, 2}, {12_288, 3}, {9_216, 4}, {7_168, 5}};
    private static final String PASSWORD = "a long enough benchmark password";
    private static final int TURNS = 3;

    private HashRows() {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code [--seconds N]}
     */
    public static void main(String[] args) throws InterruptedException {
        int seconds = 12;
        if (args.length == 2 && args[0].equals("--seconds") && args[1].matches("[1-9][0-9]{0,4}")) {
            seconds = Integer.parseInt(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: ./agora bench hashes [--seconds N]");
            System.exit(2);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Argon2id rows, %s: %d cores, load average %s, Java %s; %d s per row on every"
                + " core in %d turns, then %d s on one thread%n%n", Instant.now(), cores, Cpu.loadAverage(),
                Runtime.version(), seconds, TURNS, Math.max(2, seconds / 3));
        List<HashCeiling> ceilings = new ArrayList<>();
        for (int[] row : ROWS) {
            HashCeiling ceiling = new HashCeiling(new PasswordHashing(row[0], row[1], 1, 32, 16), PASSWORD);
            ceiling.turn(Duration.ofSeconds(2)); // warm-up: the JIT and the first allocation of each size
            ceilings.add(ceiling);
        }
        List<Optional<HashCeiling.Turn>> turns = new ArrayList<>(ceilings.stream()
                .map(ceiling -> Optional.<HashCeiling.Turn>empty()).toList());
        Duration turn = Duration.ofMillis(seconds * 1000L / TURNS);
        // In turns, so that other work on the machine weighs on every row alike.
        for (int round = 0; round < TURNS; round++) {
            for (int i = 0; i < ceilings.size(); i++) {
                HashCeiling.Turn done = ceilings.get(i).turn(turn);
                turns.set(i, Optional.of(turns.get(i).map(before -> before.merge(done)).orElse(done)));
            }
        }
        System.out.println("| row | checks/s, all cores | CPU ms per check | one thread alone, ms per check | machine busy |");
        System.out.println("|---|---|---|---|---|");
        HashCeiling cheapest = null;
        double best = 0;
        for (int i = 0; i < ceilings.size(); i++) {
            HashCeiling.Turn all = turns.get(i).orElseThrow();
            double single = ceilings.get(i).singleMillis(Duration.ofSeconds(Math.max(2, seconds / 3)));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.0f %% |%n", ceilings.get(i).parameters(),
                    all.perSecond(), all.cpuMillisPerCheck(), single, 100 * all.cpu().machineBusy());
            if (all.perSecond() > best) {
                best = all.perSecond();
                cheapest = ceilings.get(i);
            }
        }
        System.out.printf(Locale.ROOT, "%nCheapest here: %s (%.1f checks/s)%n", cheapest.parameters(), best);
        System.exit(0);
    }
}
