import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The end of {@code ./agora mutate}: reads each module's PIT report
 * ({@code modules/<module>/target/pit-reports/mutations.xml}) and prints, per module, the mutants,
 * those the tests detected (killed, or timed out, or ran the JVM out of memory: PIT's "detected")
 * and the score, then writes the mutants no test caught, one a line, to
 * {@code modules/<module>/target/pit-reports/survivors.txt}.
 *
 * <pre>
 *   java deploy/tools/MutationSummary.java [--min PERCENT] [--record CLASSES] module…
 *   java deploy/tools/MutationSummary.java --recorded module…
 * </pre>
 *
 * With {@code --min}, exits 1 when a module scores below it. A module without a report (PIT writes
 * none when its classes have no mutants) is named and skipped. Run from the project root.
 *
 * <p>A whole module's run takes longer than a session or CI has (auth: hours), so the score is kept
 * per class: {@code --record} with the run's class patterns (PIT's {@code targetClasses}) writes each
 * class's counts, and the commit they were measured at, into {@code docs/mutation/<module>.tsv}
 * and its survivors into {@code docs/mutation/<module>-survivors.txt}, replacing what those
 * classes had there; a class the patterns take that has no mutant gets a row of zeros.
 * {@code --recorded} adds the rows up per module and says which classes of the run have no row
 * yet and which changed since theirs was measured.
 */
public final class MutationSummary {

    private MutationSummary() {
    }

    /** One module's counts. */
    private record Score(String module, int mutants, int detected, int survived, int noCoverage) {
        double percent() {
            return mutants == 0 ? 100.0 : 100.0 * detected / mutants;
        }
    }

    public static void main(String[] args) throws Exception {
        double min = -1;
        String record = null;
        boolean recorded = false;
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--min")) {
                min = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--record")) {
                record = args[++i];
            } else if (args[i].equals("--recorded")) {
                recorded = true;
            } else {
                modules.add(args[i]);
            }
        }
        if (recorded) {
            Record.print(modules);
            return;
        }
        List<Score> scores = new ArrayList<>();
        for (String module : modules) {
            Path report = Path.of("modules", module, "target", "pit-reports", "mutations.xml");
            if (!Files.isRegularFile(report)) {
                // PIT writes none when the classes it was given have no mutants (an interface, a
                // record); a failed run has already failed the build.
                System.out.println("mutate: no report for " + module + " (no mutants?)");
                continue;
            }
            scores.add(read(module, report));
            if (record != null) {
                Record.update(module, report, record);
            }
        }
        System.out.printf(Locale.ROOT, "%-20s %8s %8s %9s %12s %7s%n",
                "module", "mutants", "killed", "survived", "no coverage", "score");
        int mutants = 0;
        int detected = 0;
        boolean low = false;
        for (Score score : scores) {
            System.out.printf(Locale.ROOT, "%-20s %8d %8d %9d %12d %6.1f%%%n", score.module(), score.mutants(),
                    score.detected(), score.survived(), score.noCoverage(), score.percent());
            mutants += score.mutants();
            detected += score.detected();
            low |= min >= 0 && score.percent() < min;
        }
        if (scores.size() > 1) {
            System.out.printf(Locale.ROOT, "%-20s %8d %8d %9s %12s %6.1f%%%n", "all", mutants, detected, "", "",
                    mutants == 0 ? 100.0 : 100.0 * detected / mutants);
        }
        System.out.println("Survivors, one a line: modules/<module>/target/pit-reports/survivors.txt;"
                + " the annotated source: modules/<module>/target/pit-reports/index.html");
        if (low) {
            System.err.printf(Locale.ROOT, "mutate: a module scores below %.1f%%%n", min);
            System.exit(1);
        }
    }

    private static Score read(String module, Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
        int detected = 0;
        int survived = 0;
        int noCoverage = 0;
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element mutation = (Element) nodes.item(i);
            String status = mutation.getAttribute("status");
            if (Boolean.parseBoolean(mutation.getAttribute("detected"))) {
                detected++;
                continue;
            }
            if (status.equals("NO_COVERAGE")) {
                noCoverage++;
            } else {
                survived++;
            }
            survivors.add(String.format(Locale.ROOT, "%-11s %s:%s %s: %s", status, text(mutation, "mutatedClass"),
                    text(mutation, "lineNumber"), text(mutation, "mutatedMethod"), text(mutation, "description")));
        }
        survivors.sort(null);
        write(report.resolveSibling("survivors.txt"), survivors);
        return new Score(module, nodes.getLength(), detected, survived, noCoverage);
    }

    private static String text(Element mutation, String tag) {
        NodeList found = mutation.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
    }

    /** The per-class record in {@code docs/mutation}: one row a class, kept across runs. */
    static final class Record {
        private static final String HEADER = "# class\tmutants\tkilled\tsurvived\tno-coverage\tcommit\tdate";

        private Record() {
        }

        /** Counts of one class: mutants, detected, survived, not covered. */
        record Row(String type, int mutants, int detected, int survived, int noCoverage, String commit, String date) {
            String line() {
                return String.join("\t", type, Integer.toString(mutants), Integer.toString(detected),
                        Integer.toString(survived), Integer.toString(noCoverage), commit, date);
            }

            static Row parse(String line) {
                String[] f = line.split("\t");
                return new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), f[5], f[6]);
            }
        }

        static Path table(String module) {
            return Path.of("docs", "mutation", module + ".tsv");
        }

        static Path survivorsFile(String module) {
            return Path.of("docs", "mutation", module + "-survivors.txt");
        }

        /** Replaces the rows and survivors of the classes the run's patterns took. */
        static void update(String module, Path report, String patterns) throws Exception {
            String commit = git("rev-parse", "--short", "HEAD").strip();
            String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            List<String> taken = classes(module).stream().filter(type -> matches(patterns, type)).toList();
            Map<String, int[]> counts = new TreeMap<>();
            taken.forEach(type -> counts.put(type, new int[4]));
            List<String> survivors = new ArrayList<>();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element mutation = (Element) nodes.item(i);
                String mutated = text(mutation, "mutatedClass");
                String type = mutated.contains("$") ? mutated.substring(0, mutated.indexOf('$')) : mutated;
                int[] c = counts.computeIfAbsent(type, t -> new int[4]);
                c[0]++;
                String status = mutation.getAttribute("status");
                if (Boolean.parseBoolean(mutation.getAttribute("detected"))) {
                    c[1]++;
                } else {
                    c[status.equals("NO_COVERAGE") ? 3 : 2]++;
                    survivors.add(String.format(Locale.ROOT, "%s\t%s:%s %s: %s\t%s", type, mutated,
                            text(mutation, "lineNumber"), text(mutation, "mutatedMethod"),
                            text(mutation, "description"), status));
                }
            }
            Map<String, Row> rows = new TreeMap<>();
            read(table(module)).forEach(row -> rows.put(row.type(), row));
            counts.forEach((type, c) -> rows.put(type, new Row(type, c[0], c[1], c[2], c[3], commit, date)));
            List<String> lines = new ArrayList<>(List.of(HEADER));
            rows.values().forEach(row -> lines.add(row.line()));
            Files.createDirectories(table(module).getParent());
            write(table(module), lines);

            List<String> kept = new ArrayList<>();
            if (Files.isRegularFile(survivorsFile(module))) {
                for (String line : Files.readAllLines(survivorsFile(module))) {
                    if (!line.startsWith("#") && !counts.containsKey(line.substring(0, line.indexOf('\t')))) {
                        kept.add(line);
                    }
                }
            }
            kept.addAll(survivors);
            kept.sort(null);
            kept.add(0, "# class\tmutant not detected (class:line method: what)\tstatus; counts in " + table(module).getFileName());
            write(survivorsFile(module), kept);
            System.out.println("mutate: " + counts.size() + " classes recorded in " + table(module));
        }

        /** Per module: the rows added up, the classes of the run without a row, and the changed ones. */
        static void print(List<String> modules) throws Exception {
            System.out.printf(Locale.ROOT, "%-20s %8s %8s %9s %12s %7s %10s %8s%n",
                    "module", "mutants", "killed", "survived", "no coverage", "score", "unmeasured", "changed");
            for (String module : modules) {
                List<Row> rows = read(table(module));
                String patterns = pomValue(module, "agora.mutate.classes");
                if (patterns == null) {
                    patterns = pomValue(module, "agora.module") + ".*";
                }
                String run = patterns;
                List<String> unmeasured = new ArrayList<>(classes(module).stream().filter(t -> matches(run, t)).toList());
                List<String> changed = new ArrayList<>();
                int mutants = 0;
                int detected = 0;
                int survived = 0;
                int noCoverage = 0;
                for (Row row : rows) {
                    unmeasured.remove(row.type());
                    mutants += row.mutants();
                    detected += row.detected();
                    survived += row.survived();
                    noCoverage += row.noCoverage();
                    Path source = source(module, row.type());
                    if (source == null || !git("diff", "--name-only", row.commit(), "HEAD", "--", source.toString()).isBlank()) {
                        changed.add(row.type());
                    }
                }
                System.out.printf(Locale.ROOT, "%-20s %8d %8d %9d %12d %6.1f%% %10d %8d%n", module, mutants, detected,
                        survived, noCoverage, mutants == 0 ? 100.0 : 100.0 * detected / mutants, unmeasured.size(),
                        changed.size());
                if (!unmeasured.isEmpty()) {
                    System.out.println("  no row yet: " + String.join(" ", unmeasured));
                }
                if (!changed.isEmpty()) {
                    System.out.println("  changed since measured: " + String.join(" ", changed));
                }
            }
        }

        static List<Row> read(Path table) throws IOException {
            if (!Files.isRegularFile(table)) {
                return List.of();
            }
            return Files.readAllLines(table).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(Row::parse).toList();
        }

        /** The module's main classes (top-level types, one a source file). */
        static List<String> classes(String module) throws IOException {
            Path root = Path.of("modules", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", ""))
                        .filter(t -> !t.endsWith("module-info") && !t.endsWith("package-info"))
                        .sorted().toList();
            }
        }

        static Path source(String module, String type) {
            Path file = Path.of("modules", module, "src", "main", "java", type.replace('.', '/') + ".java");
            return Files.isRegularFile(file) ? file : null;
        }

        /** PIT's class globs, comma-separated ({@code *} any characters). */
        static boolean matches(String patterns, String type) {
            for (String glob : patterns.split(",")) {
                String regex = Pattern.quote(glob.strip()).replace("*", "\\E.*\\Q");
                if (type.matches(regex)) {
                    return true;
                }
            }
            return false;
        }

        static String pomValue(String module, String property) throws IOException {
            java.util.regex.Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">(.*)</" + Pattern.quote(property) + ">")
                    .matcher(Files.readString(Path.of("modules", module, "pom.xml")));
            return m.find() ? m.group(1).strip() : null;
        }

        static String git(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            git.waitFor();
            return out;
        }
    }
}
