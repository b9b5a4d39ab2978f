package agora.platform.password;

/** Every test of {@link PasswordHasherTest} again, on password4j. */
class JavaPasswordHasherTest extends PasswordHasherTest {

    @Override
    HashingBackend backend() {
        return HashingBackend.JAVA;
    }
}
