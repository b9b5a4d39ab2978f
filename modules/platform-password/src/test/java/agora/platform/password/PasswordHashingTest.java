package agora.platform.password;

import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashingTest {

    private static final String NODE = "agora.auth.password.argon2";

    @Test
    void defaultsAreTheCheapestOfOwaspsEquallyStrongRows() {
        assertEquals(new PasswordHashing(7_168, 5, 1, 32, 16), PasswordHashing.defaults());
    }

    @Test
    void missingKeysKeepTheDefaults() {
        assertEquals(PasswordHashing.defaults(), PasswordHashing.from(node(Map.of())));
        assertEquals(new PasswordHashing(65_536, 5, 1, 32, 16),
                PasswordHashing.from(node(Map.of("memory-kib", "65536"))));
    }

    @ParameterizedTest(name = "m={0} t={1}")
    @CsvSource({"47104,1", "19456,2", "12288,3", "9216,4", "7168,5", "7168,8", "65536,1", "19456,3"})
    void everyOwaspRowAndAnythingStrongerIsAccepted(int memoryKib, int iterations) {
        PasswordHashing hashing = PasswordHashing.from(node(Map.of(
                "memory-kib", String.valueOf(memoryKib), "iterations", String.valueOf(iterations))));

        assertEquals(memoryKib, hashing.memoryKib());
        assertEquals(iterations, hashing.iterations());
    }

    @ParameterizedTest(name = "m={0} t={1}")
    @CsvSource({"47103,1", "19455,2", "12287,3", "9215,4", "7167,5", "4096,10", "19456,1"})
    void settingsBelowOwaspsMinimumAreRefused(int memoryKib, int iterations) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHashing.from(node(Map.of(
                "memory-kib", String.valueOf(memoryKib), "iterations", String.valueOf(iterations)))));

        assertTrue(e.getMessage().startsWith(NODE + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("below OWASP's minimum"), e.getMessage());
        assertTrue(e.getMessage().contains("memory-kib=19456 iterations=2"), "names the rows: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"parallelism,0", "parallelism,65", "iterations,0", "iterations,65", "memory-kib,2097153"})
    void settingsOutsideTheLimitsAreRefused(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PasswordHashing.from(node(Map.of(key, value))));

        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void shortSaltsAndHashesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(19_456, 2, 1, 32, 8));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(19_456, 2, 1, 8, 16));
    }

    private static Config node(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put(NODE + "." + key, value));
        prefixed.put("agora.auth.other", "unrelated");
        return Config.just(ConfigSources.create(prefixed)).get(NODE);
    }
}
