package agora.platform.mail;

import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** A GreenMail SMTP server on a free loopback port, fresh for each test, and mailers aimed at it. */
final class SmtpServer {
    private SmtpServer() {
    }

    /** @return the extension, to register per test class */
    static GreenMailExtension extension() {
        return new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    }

    /**
     * A mail node aimed at the server, without TLS (GreenMail speaks plain SMTP).
     *
     * @param server the running server
     * @param extra  further keys, overriding
     * @return the node
     */
    static Config mailNode(GreenMailExtension server, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "smtp.host", "127.0.0.1",
                "smtp.port", Integer.toString(server.getSmtp().getPort()),
                "smtp.starttls", "none",
                "from", "Agora <no-reply@agora.test>",
                "timeout", "PT5S"));
        keys.putAll(extra);
        return config(keys);
    }

    static Config config(Map<String, String> keys) {
        return Config.just(ConfigSources.create(keys));
    }
}
