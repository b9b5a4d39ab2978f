package agora.auth.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

import agora.platform.core.Languages;
import agora.platform.core.problem.Messages;
import agora.platform.web.Routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The pages the mails link to, until a web UI takes them over: {@code /verify-email},
 * {@code /reset-password} and {@code /confirm-email} (the defaults of the {@code *-link} settings).
 *
 * <p>Each page is the same for every token: the link's token (query, or fragment) is read by the
 * page's script, which posts it to the API when the person presses the button (never on opening:
 * mail scanners open links before people do) and shows the outcome, the API's problem detail in the
 * reader's language included. The reset page without a token (the password-changed notice links
 * there) asks for a new link instead. No external resources: the script and style are inline,
 * allowed by their hashes in a Content-Security-Policy that allows nothing else but requests to the
 * page's own origin; no referrer, no framing, no caching. Texts in {@code texts*.properties}
 * (en, da, nb, nn, sv), chosen by {@code Accept-Language}.
 */
public final class LinkPages {
    private static final Messages TEXTS = Messages.of(locale ->
            ResourceBundle.getBundle("agora.auth.pages.texts", locale));
    private static final String SCRIPT = resource("page.js");
    private static final String STYLE = resource("page.css");
    /** Nothing but the page's own script, style and requests to its origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; "
            + "style-src '" + sha256(STYLE) + "'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    /** Pages in the languages of {@code texts*.properties}. */
    public LinkPages() {
    }

    /**
     * Routes {@code GET} of each page.
     *
     * @param routes the public listener's routes
     */
    public void routes(Routes routes) {
        routes.get("/verify-email", (request, response) -> send(request, response, Page.VERIFY))
                .get("/reset-password", (request, response) -> send(request, response, Page.RESET))
                .get("/confirm-email", (request, response) -> send(request, response, Page.CONFIRM));
    }

    private static void send(ServerRequest request, ServerResponse response, Page page) {
        Locale language = Languages.negotiate(request.headers().first(HeaderNames.ACCEPT_LANGUAGE));
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        response.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.header(HeaderNames.create("Content-Language"), language.getLanguage());
        response.send(html(page, language).getBytes(StandardCharsets.UTF_8));
    }

    static String html(Page page, Locale language) {
        String key = page.key;
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"").append(language.getLanguage()).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(text(key + ".title", language)).append(" · Agora</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(text(key + ".title", language)).append("</h1>\n")
                .append("<form id=\"act\" data-api=\"").append(page.api).append('"')
                .append(data("done", text(key + ".done", language)))
                .append(data("failed", text("common.failed", language)))
                .append(data("missing", text("common.missing", language))).append(">\n")
                .append("<p>").append(text(key + ".intro", language)).append("</p>\n");
        if (page == Page.RESET) {
            html.append("<label for=\"password\">").append(text("reset.password", language)).append("</label>\n")
                    .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" ")
                    .append("required minlength=\"8\" maxlength=\"256\" aria-describedby=\"password-hint\">\n")
                    .append("<p id=\"password-hint\" class=\"hint\">").append(text("reset.hint", language))
                    .append("</p>\n");
        }
        html.append("<button type=\"submit\">").append(text(key + ".button", language)).append("</button>\n</form>\n");
        if (page == Page.RESET) {
            html.append("<form id=\"ask\" hidden data-api=\"/api/auth/password/reset-request\"")
                    .append(data("done", text("ask.done", language)))
                    .append(data("failed", text("common.failed", language))).append(">\n")
                    .append("<p>").append(text("ask.intro", language)).append("</p>\n")
                    .append("<label for=\"email\">").append(text("ask.email", language)).append("</label>\n")
                    .append("<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required>\n")
                    .append("<button type=\"submit\">").append(text("ask.button", language)).append("</button>\n")
                    .append("</form>\n");
        }
        return html.append("<p id=\"outcome\" role=\"status\" aria-live=\"polite\"></p>\n")
                .append("<noscript><p>").append(text("common.noscript", language)).append("</p></noscript>\n")
                .append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n")
                .toString();
    }

    private static String data(String name, String value) {
        return " data-" + name + "=\"" + value + "\"";
    }

    /** A translated text, escaped for HTML text and attribute values. */
    private static String text(String key, Locale language) {
        String text = TEXTS.text(key).in(language);
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = Optional.ofNullable(LinkPages.class.getResourceAsStream(name))
                .orElseThrow(() -> new IllegalStateException("agora/auth/pages/" + name + " is missing"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The three pages: their texts' prefix and the API route their button posts to. */
    enum Page {
        VERIFY("verify", "/api/auth/email/verify"),
        RESET("reset", "/api/auth/password/reset"),
        CONFIRM("confirm", "/api/auth/email/change/confirm");

        private final String key;
        private final String api;

        Page(String key, String api) {
            this.key = key;
            this.api = api;
        }
    }
}
