package agora.user.profile;

import java.util.Locale;
import java.util.Set;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * A bio's Markdown rendered to HTML that is safe to put in a page as it is: raw HTML is escaped
 * (so {@code <script>} arrives as text), links keep only http, https and mailto targets
 * ({@code javascript:} and {@code data:} become empty), and images become their alt text, so a bio
 * cannot make every reader's browser fetch a stranger's tracking pixel. Links get
 * {@code rel="nofollow noopener ugc"}.
 */
final class Bio {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SchemeSanitizer())
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if ("a".equals(tag)) {
                    attributes.put("rel", "nofollow noopener ugc");
                }
            })
            .build();

    private Bio() {
    }

    /** The sanitised HTML of a bio. */
    static String html(String markdown) {
        if (markdown.isEmpty()) {
            return "";
        }
        Node document = PARSER.parse(markdown);
        document.accept(new ImagesAsText());
        return RENDERER.render(document);
    }

    /** Replaces each image by its alt text. */
    private static final class ImagesAsText extends AbstractVisitor {
        @Override
        public void visit(Image image) {
            StringBuilder alt = new StringBuilder();
            for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof Text text) {
                    alt.append(text.getLiteral());
                }
            }
            image.insertBefore(new Text(alt.toString()));
            image.unlink();
        }
    }

    /** Keeps a URL only when its scheme is allowed (or it has none: a relative link within the site). */
    private static final class SchemeSanitizer implements UrlSanitizer {
        @Override
        public String sanitizeLinkUrl(String url) {
            String stripped = url.strip();
            int colon = stripped.indexOf(':');
            int boundary = firstOf(stripped, "/?#");
            if (colon < 0 || boundary >= 0 && boundary < colon) {
                return stripped;
            }
            String scheme = stripped.substring(0, colon).toLowerCase(Locale.ROOT);
            return SCHEMES.contains(scheme) ? stripped : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return "";
        }

        private static int firstOf(String text, String characters) {
            int first = -1;
            for (char c : characters.toCharArray()) {
                int at = text.indexOf(c);
                if (at >= 0 && (first < 0 || at < first)) {
                    first = at;
                }
            }
            return first;
        }
    }
}
