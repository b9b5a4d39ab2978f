/** Member search: folding in Java ({@link agora.user.search.SearchText}), each profile's words and the territory's vocabulary ({@link agora.user.search.SearchIndex}), and the two-tier query that respects privacy. */
package agora.user.search;
