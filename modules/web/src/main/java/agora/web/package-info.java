/**
 * Serving the browser app: {@link agora.web.WebService} mounts {@code AppFilter}, which answers the
 * app's files from {@code Assets} and its routes with {@code index.html}.
 */
package agora.web;
