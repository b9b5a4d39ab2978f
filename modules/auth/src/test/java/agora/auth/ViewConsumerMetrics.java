package agora.auth;

import java.util.function.Predicate;

import agora.platform.host.testing.TestHost;

/** What the metrics say of the authorization view's consumer of auth's events, as an operator reads them. */
final class ViewConsumerMetrics {
    static final String CONSUMER = "auth__authorization_view";

    private ViewConsumerMetrics() {
    }

    /**
     * Deliveries of one territory's events to the consumer whose outcome passes the test.
     *
     * @param host      the process
     * @param territory the territory's code
     * @param outcome   which outcomes count ({@code applied}, {@code duplicate}, failures …)
     */
    static double deliveries(TestHost host, String territory, Predicate<String> outcome) {
        return host.api().header("Accept", "text/plain").get("/observe/metrics").expect(200).body().lines()
                .filter(line -> line.startsWith("agora_consumer_processed_total{"))
                .filter(line -> line.contains("consumer=\"" + CONSUMER + "\"")
                        && line.contains("territory=\"" + territory + "\""))
                .filter(line -> outcome.test(outcomeOf(line)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String outcomeOf(String line) {
        int start = line.indexOf("outcome=\"");
        return start < 0 ? "" : line.substring(start + 9, line.indexOf('"', start + 9));
    }
}
