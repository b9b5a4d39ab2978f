package agora.platform.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a mail may hold: checked when it is made, before any mailer sees it. */
class MailTest {

    @ParameterizedTest
    @ValueSource(strings = {"member@agora.test", "first.last+tag@mail.example.org", "x@localhost"})
    void aBareAddressIsAccepted(String address) {
        assertTrue(Mail.isAddress(address));
        assertEquals(address, new Mail(address, "Welcome", "Hello").to());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "member", "member@", "@agora.test", "not an address", "a@b@c",
            "Member <member@agora.test>", "<member@agora.test>", " member@agora.test",
            "a@agora.test, b@agora.test", "group: a@agora.test;", "søren@agora.test", "member@æøå.dk",
            "member@agora.test\r\nBcc: x@y"})
    void anythingElseIsRefused(String address) {
        assertFalse(Mail.isAddress(address));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new Mail(address, "Welcome", "Hello"));
        if (!address.isEmpty()) {
            assertFalse(refused.getMessage().contains(address), "the message repeats the address");
        }
    }

    @Test
    void anAddressFitsSmtpsLimit() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(62) + ".").repeat(3) + "test";
        assertTrue(Mail.isAddress(local + "@" + domain.substring(domain.length() - 189)));
        assertFalse(Mail.isAddress(local + "@" + domain.substring(domain.length() - 190)));
    }

    @Test
    void aSubjectIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new Mail("member@agora.test", "Welcome\r\nBcc: x@agora.test", "Hello"));
        assertThrows(IllegalArgumentException.class, () -> new Mail("member@agora.test", "Welcome\n", "Hello"));
    }

    @Test
    void nothingIsNull() {
        assertThrows(NullPointerException.class, () -> new Mail(null, "Welcome", "Hello"));
        assertThrows(NullPointerException.class, () -> new Mail("member@agora.test", null, "Hello"));
        assertThrows(NullPointerException.class, () -> new Mail("member@agora.test", "Welcome", null));
    }
}
