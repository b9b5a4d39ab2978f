package agora.platform.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The list of common passwords shipped with this module ({@code common-passwords.txt} beside this
 * class: zxcvbn's 30,000 most common passwords, MIT; its header names source and licence), read
 * once per process. Only entries of at least {@link PasswordPolicy#MIN_LENGTH} code points are
 * kept: shorter ones are refused as too short anyway.
 */
final class CommonPasswords {

    static final String RESOURCE = "common-passwords.txt";

    private CommonPasswords() {
    }

    /**
     * The entries, in their matching form ({@link PasswordPolicy#fold}).
     *
     * @return an immutable set
     */
    static Set<String> entries() {
        return Holder.ENTRIES;
    }

    /** Holder: the list is read on first use, and held as the immutable constant it is. */
    private static final class Holder {
        static final Set<String> ENTRIES = read();
    }

    /* Package-private for its test: the holder reads it once per JVM, before any test could change it. */
    static Set<String> read() {
        Set<String> entries = new HashSet<>();
        try (InputStream in = Objects.requireNonNull(CommonPasswords.class.getResourceAsStream(RESOURCE),
                RESOURCE + " is missing from the module");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String folded = PasswordPolicy.fold(line);
                if (PasswordPolicy.codePoints(folded) >= PasswordPolicy.MIN_LENGTH) {
                    entries.add(folded);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + RESOURCE, e);
        }
        return Set.copyOf(entries);
    }
}
