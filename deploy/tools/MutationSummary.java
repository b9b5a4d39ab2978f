import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 *   java deploy/tools/MutationSummary.java [--min PERCENT] module…
 * </pre>
 *
 * With {@code --min}, exits 1 when a module scores below it. A module without a report (PIT writes
 * none when its classes have no mutants) is named and skipped. Run from the project root.
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
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--min")) {
                min = Double.parseDouble(args[++i]);
            } else {
                modules.add(args[i]);
            }
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
}
