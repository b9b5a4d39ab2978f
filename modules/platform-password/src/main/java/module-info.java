/**
 * Passwords for the accounts the auth service owns: which passwords to accept
 * ({@link agora.platform.password.PasswordPolicy}), and Argon2id hashes at OWASP's minimum or
 * stronger ({@link agora.platform.password.PasswordHasher}), stored as PHC strings that carry their
 * own parameters, so raising the cost later re-hashes each password at its owner's next login
 * instead of invalidating it.
 *
 * <h2>Two implementations of Argon2id, and native access</h2>
 * Hashes are computed by the reference implementation in C (Debian's {@code libargon2-1},
 * {@code libargon2.so.1}) when it is installed, or by password4j in Java; both write the same
 * strings, so either verifies the other's (see {@link agora.platform.password.HashingBackend}).
 * The C library is called through the Foreign Function and Memory API ({@code java.lang.foreign},
 * final since Java 22): no JNI glue to compile and ship, only a library the base image can install.
 * It is preferred because it is faster (a cheaper login at the same strength, or a stronger hash
 * at the same cost) and because it allocates each hash's memory outside the Java heap, so a service
 * with a small heap can still run several 19 MiB hashes at once.
 *
 * <p>Calling native code is a restricted operation: run the JVM with
 * {@code --enable-native-access=agora.platform.password} (or {@code ALL-UNNAMED} on the class
 * path). Without it the module neither crashes nor makes the JVM print its own warning: it checks
 * {@link java.lang.Module#isNativeAccessEnabled()} first, logs a warning that names the option, and
 * hashes with password4j.
 *
 * <h2>Dependencies</h2>
 * password4j is an automatic module; keeping it behind this platform module means no service
 * requires an automatic module, and no exported signature names one of its types. SLF4J
 * (password4j's logging) is required by name because the module system resolves an automatic
 * module's dependencies only when some module requires them; slf4j-jdk14 on the module path then
 * sends its records to java.util.logging like the rest of the platform.
 *
 * <p>Helidon's {@code Config} appears in the exported {@code from} methods, so it is required
 * transitively.
 */
module agora.platform.password {
    requires transitive io.helidon.config;
    requires password4j;
    requires org.slf4j;

    exports agora.platform.password;
}
