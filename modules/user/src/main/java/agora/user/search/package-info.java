/** Member search: folding in Java ({@link agora.user.search.SearchText}) and a trigram query that respects privacy. */
package agora.user.search;
