/**
 * Password hashing for the accounts the auth service owns: Argon2id at OWASP's minimum or stronger,
 * stored as PHC strings that carry their own parameters, so raising the cost later re-hashes each
 * password at its owner's next login instead of invalidating it.
 *
 * <p>password4j, which computes Argon2, is an automatic module; keeping it behind this platform
 * module means no service requires an automatic module, and no exported signature names one of its
 * types. SLF4J (password4j's logging) is required by name because the module system resolves an
 * automatic module's dependencies only when some module requires them; slf4j-jdk14 on the module
 * path then sends its records to java.util.logging like the rest of the platform.
 *
 * <p>Helidon's {@code Config} appears in {@link agora.platform.password.PasswordHashing#from}, so
 * it is required transitively.
 */
module agora.platform.password {
    requires transitive io.helidon.config;
    requires password4j;
    requires org.slf4j;

    exports agora.platform.password;
}
