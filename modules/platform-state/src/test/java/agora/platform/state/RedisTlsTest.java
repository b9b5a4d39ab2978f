package agora.platform.state;

import agora.platform.testing.PrivateRedis;
import agora.platform.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;

import agora.platform.state.RateLimiter.Limit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: TLS to a private redis-server whose self-signed certificate names
 * {@code localhost} only. The JVM's trust store is the one Redis connections use, so this test
 * points it at that certificate, as an operator with a private CA would with
 * {@code -Djavax.net.ssl.trustStore}; nothing else in this test JVM speaks TLS.
 */
class RedisTlsTest {
    @TempDir
    static Path files;
    private static PrivateRedis server;

    @BeforeAll
    static void startTlsServer() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost",
                "-keyout", files.resolve("key.pem").toString(), "-out", files.resolve("cert.pem").toString());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(files.resolve("cert.pem"))) {
            trust.setCertificateEntry("redis", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        Path store = files.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        server = PrivateRedis.startTls(files);
    }

    @AfterAll
    static void stopTlsServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void worksOverTlsWhenTheCertificateNamesTheHost() {
        try (RedisState state = RedisState.connect(URI.create("rediss://localhost:" + server.port()),
                TestRedis.newPrefix(), new TestClock(SharedStateContract.START))) {
            state.ping();
            state.cache("authz").putString("member-1", "over TLS", Duration.ofMinutes(1));
            assertEquals(Optional.of("over TLS"), state.cache("authz").getString("member-1"));
            assertTrue(state.rateLimiter("login").acquire("10.0.0.1", new Limit(1, Duration.ofMinutes(1))).allowed());
            assertTrue(state.description().contains("TLS"), state.description());
        }
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHost() {
        // Same server, same trusted certificate, but reached as 127.0.0.1, which it does not name.
        try (RedisState state = RedisState.connect(URI.create("rediss://127.0.0.1:" + server.port()),
                TestRedis.newPrefix(), new TestClock(SharedStateContract.START))) {
            assertThrows(StateUnavailableException.class, state::ping);
        }
    }

    @Test
    void plainRedisToATlsPortIsUnavailableNotAHang() {
        try (RedisState state = RedisState.connect(URI.create("redis://127.0.0.1:" + server.port()),
                TestRedis.newPrefix(), new TestClock(SharedStateContract.START),
                new RedisState.Options(Duration.ofMillis(500), Duration.ofMillis(500), 2))) {
            long start = System.nanoTime();
            assertThrows(StateUnavailableException.class, state::ping);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
