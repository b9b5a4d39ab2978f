import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ./agora controls}: proves that each control {@code docs/security.md} claims has a test that
 * goes red without it. {@code docs/security-controls.txt} lists the controls: for each, the rows of
 * the map it proves, the edit that removes it (an exact text, found once in its file, and what
 * replaces it) and the tests that must fail then. In a scratch copy of this checkout (its tracked
 * and untracked files, so uncommitted work counts, under {@code target/controls}) the tool first
 * runs every named test with all controls in place, which must pass, then removes each control in
 * turn, runs its tests with Maven and puts the control back.
 *
 * <pre>
 *   java deploy/tools/ControlCheck.java [--check] [--list=FILE] [row or control number…]
 * </pre>
 *
 * {@code --check} only reads the list and looks for each text in its file (seconds; what the
 * build's documentation test also does). With rows or numbers, only those controls run. Prints one
 * line per control (red, or NOT GUARDED, or an error such as a removal that no longer compiles) and
 * exits 1 unless every control it ran went red. Run from the project root.
 */
public final class ControlCheck {

    static Path LIST = Path.of("docs/security-controls.txt");
    static final Path MAP = Path.of("docs/security.md");
    static final Path SCRATCH = Path.of("target/controls/checkout");
    static final Path REPOSITORY = Path.of("target/controls/repository");

    private ControlCheck() {
    }

    /** One edit of a removal: the text found exactly once in the file, and what replaces it. */
    record Edit(Path file, String find, String into) {
    }

    /** A control: what it is, the map rows it proves, how it is removed and the tests that catch it. */
    record Control(int number, int line, String what, List<String> rows, List<Edit> edits, List<String> red) {
        String label() {
            return "#" + number + " (" + String.join(" ", rows) + ") " + what;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean checkOnly = false;
        Set<String> wanted = new LinkedHashSet<>();
        for (String arg : args) {
            if (arg.equals("--check")) {
                checkOnly = true;
            } else if (arg.startsWith("--list=")) {
                LIST = Path.of(arg.substring("--list=".length()));
            } else {
                wanted.add(arg);
            }
        }
        List<Control> controls = read(Files.readAllLines(LIST, StandardCharsets.UTF_8));
        List<String> problems = validate(controls, Path.of("."));
        problems.addAll(unproven(controls, Files.readAllLines(MAP, StandardCharsets.UTF_8)));
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("controls: " + problem));
            System.exit(2);
        }
        List<Control> chosen = controls.stream()
                .filter(c -> wanted.isEmpty() || wanted.contains(Integer.toString(c.number()))
                        || c.rows().stream().anyMatch(wanted::contains))
                .toList();
        if (checkOnly) {
            System.out.println("controls: " + controls.size() + " listed, every removal finds its text once, and every"
                    + " row of " + MAP + " that names a test as its proof has a control whose red test it names");
            return;
        }
        if (chosen.isEmpty()) {
            System.err.println("controls: none of " + controls.size() + " matches " + wanted);
            System.exit(2);
        }
        copyCheckout(SCRATCH);
        System.out.println("controls: " + chosen.size() + " of " + controls.size() + ", in " + SCRATCH);
        Set<Path> modules = new java.util.TreeSet<>();
        for (Control control : chosen) {
            control.edits().forEach(edit -> modules.add(edit.file().subpath(0, 2)));
            control.red().forEach(test -> modules.add(Path.of(".").relativize(testSource(Path.of("."), test)).subpath(0, 2)));
        }
        long built = System.nanoTime();
        prepareRepository(modules);
        System.out.printf("controls: %s and what they need built and installed in %s in %d s%n", modules, REPOSITORY,
                (System.nanoTime() - built) / 1_000_000_000);

        // Every test named must pass with every control in place, or its red means nothing.
        long start = System.nanoTime();
        Set<String> allTests = new LinkedHashSet<>();
        chosen.forEach(c -> allTests.addAll(c.red()));
        Map<String, Outcome> baseline = run(allTests, Set.of());
        List<String> notGreen = allTests.stream().filter(t -> baseline.get(t) != Outcome.PASSED).toList();
        System.out.printf("controls: with every control in place, %d tests run in %d s%n", allTests.size(),
                (System.nanoTime() - start) / 1_000_000_000);
        if (!notGreen.isEmpty()) {
            notGreen.forEach(t -> System.err.println("controls: " + t + " is " + baseline.get(t)
                    + " with every control in place"));
            System.exit(1);
        }

        int failures = 0;
        for (Control control : chosen) {
            long began = System.nanoTime();
            Map<Path, String> originals = new LinkedHashMap<>();
            String verdict;
            try {
                for (Edit edit : control.edits()) {
                    Path file = SCRATCH.resolve(edit.file());
                    originals.computeIfAbsent(file, ControlCheck::readString);
                    Files.writeString(file, Files.readString(file).replace(edit.find(), edit.into()));
                }
                Set<Path> edited = new LinkedHashSet<>();
                control.edits().forEach(edit -> edited.add(edit.file()));
                Map<String, Outcome> outcomes = run(new LinkedHashSet<>(control.red()), edited);
                List<String> red = control.red().stream().filter(t -> outcomes.get(t) == Outcome.FAILED).toList();
                List<String> missing = control.red().stream().filter(t -> outcomes.get(t) == Outcome.NOT_RUN).toList();
                if (!red.isEmpty()) {
                    verdict = "red      " + String.join(", ", red.stream().map(ControlCheck::shortName).toList());
                } else if (!missing.isEmpty()) {
                    verdict = "ERROR    did not run (does the removal compile?): " + String.join(", ", missing);
                    failures++;
                } else {
                    verdict = "NOT GUARDED: green without it: " + String.join(", ", control.red());
                    failures++;
                }
            } finally {
                for (Map.Entry<Path, String> original : originals.entrySet()) {
                    Files.writeString(original.getKey(), original.getValue());
                }
            }
            System.out.printf("%-8s %4d s  %s%n    %s%n", "#" + control.number(),
                    (System.nanoTime() - began) / 1_000_000_000, control.label(), verdict);
        }
        System.out.printf("controls: %d of %d went red without their control%n", chosen.size() - failures, chosen.size());
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Parses the list; a line of its own keyword starts each field, {@code #} starts a comment. */
    static List<Control> read(List<String> lines) {
        List<Control> controls = new ArrayList<>();
        String what = null;
        int at = 0;
        List<String> rows = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        List<String> red = new ArrayList<>();
        Path file = null;
        String find = null;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "control";
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "control" -> {
                    if (what != null) {
                        controls.add(new Control(controls.size() + 1, at, what, List.copyOf(rows), List.copyOf(edits),
                                List.copyOf(red)));
                    }
                    what = value.strip();
                    at = i + 1;
                    rows.clear();
                    edits.clear();
                    red.clear();
                    file = null;
                    find = null;
                }
                case "rows" -> rows.addAll(List.of(value.strip().split("\\s+")));
                case "in" -> file = Path.of(value.strip());
                case "find" -> find = value;
                case "into" -> {
                    if (file == null || find == null) {
                        throw new IllegalArgumentException(LIST + ":" + (i + 1) + ": into before in and find");
                    }
                    edits.add(new Edit(file, find, value));
                    find = null;
                }
                case "red" -> red.add(value.strip());
                default -> throw new IllegalArgumentException(LIST + ":" + (i + 1) + ": unknown field " + key);
            }
        }
        return controls;
    }

    /** What makes a control unusable: no rows, no edit, no test, a text not found exactly once. */
    static List<String> validate(List<Control> controls, Path root) {
        List<String> problems = new ArrayList<>();
        for (Control control : controls) {
            String where = LIST + ":" + control.line() + " " + control.label();
            if (control.rows().isEmpty() || control.edits().isEmpty() || control.red().isEmpty()) {
                problems.add(where + ": needs rows, at least one in/find/into and one red test");
            }
            for (Edit edit : control.edits()) {
                Path file = root.resolve(edit.file());
                if (!Files.isRegularFile(file)) {
                    problems.add(where + ": no file " + edit.file());
                    continue;
                }
                if (edit.find().equals(edit.into())) {
                    problems.add(where + ": an edit that changes nothing in " + edit.file());
                }
                int found = occurrences(readString(file), edit.find());
                if (found != 1) {
                    problems.add(where + ": \"" + edit.find() + "\" found " + found + " times in " + edit.file());
                }
            }
            for (String test : control.red()) {
                if (!test.contains("#") || testSource(root, test) == null) {
                    problems.add(where + ": no test source for " + test + " (Class#method, class fully qualified)");
                }
            }
        }
        return problems;
    }

    /**
     * The map's rows that name a test as their proof but no control proves, and controls whose row
     * is not in the map or names none of their red tests. A row's id is its first cell; the RFC 8725
     * table's are written {@code rfc8725-<section>}.
     */
    static List<String> unproven(List<Control> controls, List<String> map) {
        List<String> problems = new ArrayList<>();
        Map<String, String> proofs = new LinkedHashMap<>();
        boolean rfc = false;
        for (String line : map) {
            if (line.startsWith("## ")) {
                rfc = line.contains("RFC 8725");
            }
            if (!line.startsWith("| ")) {
                continue;
            }
            String[] cells = line.split("\\s*\\|\\s*");
            // cells[0] is empty (the leading bar); the id first, the proof last.
            if (cells.length < 4 || !cells[1].matches("\\d+\\.\\d+(\\.\\d+)?(–\\d+\\.\\d+\\.\\d+)?")) {
                continue;
            }
            proofs.put((rfc ? "rfc8725-" : "") + cells[1], cells[cells.length - 1]);
        }
        Map<String, List<Control>> byRow = new LinkedHashMap<>();
        for (Control control : controls) {
            for (String row : control.rows()) {
                byRow.computeIfAbsent(row, r -> new ArrayList<>()).add(control);
                String proof = proofs.get(row);
                if (proof == null) {
                    problems.add(LIST + ":" + control.line() + " " + control.label() + ": no row " + row + " in " + MAP);
                } else if (control.red().stream().noneMatch(t -> proof.contains("`" + shortName(t) + "`"))) {
                    problems.add(LIST + ":" + control.line() + " " + control.label() + ": row " + row
                            + "'s proof names none of its red tests");
                }
            }
        }
        proofs.forEach((row, proof) -> {
            if (proof.startsWith("`") && proof.contains("#") && !byRow.containsKey(row)) {
                problems.add(MAP + ": row " + row + " names a test as its proof, but no control in " + LIST
                        + " shows that test red without the row's control");
            }
        });
        return problems;
    }

    /** {@code Class#method} of {@code pkg.Class#method}, as the map names tests. */
    static String shortName(String test) {
        String type = test.substring(0, test.indexOf('#'));
        return type.substring(type.lastIndexOf('.') + 1) + test.substring(test.indexOf('#'));
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The source file of {@code pkg.Class#method}, under any module's test sources. */
    static Path testSource(Path root, String test) {
        String type = test.substring(0, test.indexOf('#'));
        String relative = "src/test/java/" + type.replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.list(root.resolve("modules"))) {
            return modules.map(m -> m.resolve(relative)).filter(Files::isRegularFile).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    enum Outcome { PASSED, FAILED, NOT_RUN }

    /**
     * Runs the tests in the scratch copy, one Maven run for all of them (their modules and what
     * those need, built in the run), and reads each one's outcome from surefire's reports.
     */
    static Map<String, Outcome> run(Set<String> tests, Set<Path> edited) throws IOException, InterruptedException {
        Map<Path, List<String>> byModule = new TreeMap<>();
        for (String test : tests) {
            Path source = testSource(SCRATCH, test);
            Path module = SCRATCH.relativize(source).subpath(0, 2);
            byModule.computeIfAbsent(module, m -> new ArrayList<>()).add(test);
        }
        for (Path module : byModule.keySet()) {
            deleteTree(SCRATCH.resolve(module).resolve("target/surefire-reports"));
        }
        Map<String, Set<String>> methods = new TreeMap<>();
        tests.forEach(t -> methods.computeIfAbsent(t.substring(t.lastIndexOf('.') + 1, t.indexOf('#')),
                c -> new LinkedHashSet<>()).add(t.substring(t.indexOf('#') + 1)));
        List<String> selectors = new ArrayList<>();
        methods.forEach((type, names) -> selectors.add(type + "#" + String.join("+", names)));
        Set<Path> modules = new java.util.TreeSet<>(byModule.keySet());
        edited.forEach(file -> modules.add(file.subpath(0, 2)));
        List<String> command = maven("-pl", String.join(",", modules.stream().map(Path::toString).toList()),
                "test", "-Dtest=" + String.join(",", selectors), "-Dsurefire.failIfNoSpecifiedTests=false");
        Path log = SCRATCH.getParent().resolve("maven.log");
        Process maven = new ProcessBuilder(command).directory(SCRATCH.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        maven.waitFor();
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (Map.Entry<Path, List<String>> entry : byModule.entrySet()) {
            for (String test : entry.getValue()) {
                outcomes.put(test, outcome(SCRATCH.resolve(entry.getKey()).resolve("target/surefire-reports"), test));
            }
        }
        if (outcomes.containsValue(Outcome.NOT_RUN)) {
            Files.copy(log, SCRATCH.getParent().resolve("maven-not-run.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        return outcomes;
    }

    /**
     * Maven, offline after the install, with a local repository of its own: the modules a run does not name come from
     * there, installed once from the scratch copy (the user's repository stays untouched; its other
     * artifacts are linked in).
     */
    static List<String> maven(String... arguments) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "-q",
                "-Dmaven.repo.local=" + REPOSITORY.toAbsolutePath()));
        if (!arguments[arguments.length - 1].equals("-DskipTests")) {
            command.add("-o"); // the install before resolved everything the runs need
        }
        command.addAll(List.of(arguments));
        return command;
    }

    /** The scratch repository: links to the user's, but the project's own artifacts built here. */
    static void prepareRepository(Set<Path> modules) throws IOException, InterruptedException {
        Path user = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.createDirectories(REPOSITORY);
        try (Stream<Path> groups = Files.list(user)) {
            for (Path group : groups.toList()) {
                Path link = REPOSITORY.resolve(group.getFileName());
                if (!group.getFileName().toString().equals("agora") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, group);
                }
            }
        }
        Path log = SCRATCH.getParent().resolve("install.log");
        Process maven = new ProcessBuilder(maven("-pl", String.join(",", modules.stream().map(Path::toString).toList()),
                "-am", "install", "-DskipTests")).directory(SCRATCH.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (maven.waitFor() != 0) {
            throw new IllegalStateException("the scratch copy does not build; see " + log);
        }
    }

    static Outcome outcome(Path reports, String test) {
        String type = test.substring(0, test.indexOf('#'));
        String method = test.substring(test.indexOf('#') + 1);
        Path report = reports.resolve("TEST-" + type + ".xml");
        if (!Files.isRegularFile(report)) {
            return Outcome.NOT_RUN;
        }
        try {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getElementsByTagName("testcase");
            Outcome outcome = Outcome.NOT_RUN;
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                String name = testCase.getAttribute("name");
                // A parameterised test reports each case, as method(args) or method()[n]: one red case is enough.
                if (name.equals(method) || name.startsWith(method + "(") || name.startsWith(method + "[")) {
                    if (testCase.getElementsByTagName("failure").getLength() > 0
                            || testCase.getElementsByTagName("error").getLength() > 0) {
                        return Outcome.FAILED;
                    }
                    if (testCase.getElementsByTagName("skipped").getLength() == 0) {
                        outcome = Outcome.PASSED;
                    }
                }
            }
            return outcome;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable report " + report, e);
        }
    }

    /** A copy of the checkout's tracked and untracked (not ignored) files; the copy's builds stay. */
    static void copyCheckout(Path target) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git ls-files failed");
        }
        for (String name : listing.split("\0")) {
            if (name.isEmpty()) {
                continue;
            }
            Path from = Path.of(name);
            if (!Files.isRegularFile(from)) {
                continue; // deleted in the working tree
            }
            Path to = target.resolve(name);
            Files.createDirectories(to.getParent());
            if (!Files.exists(to) || Files.mismatch(from, to) != -1) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
