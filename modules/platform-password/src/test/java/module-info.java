/** Tests of password hashing on the module path, where password4j runs as an automatic module. */
open module agora.platform.password {
    requires transitive io.helidon.config;
    requires password4j;
    requires org.slf4j;

    requires org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires java.management;
    // No exports: an open module's descriptor may only name packages of the test output.
}
