package agora.benchmarks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * A request as plain values, so that a load can be handed to another process ({@link LoadProcess})
 * and sent there as it would be here.
 *
 * @param method  the method
 * @param uri     where to
 * @param headers name and value pairs, in order
 * @param body    the body, empty for none
 */
record Call(String method, URI uri, List<Header> headers, byte[] body) {

    /** A header. */
    record Header(String name, String value) {
    }

    /** A POST with a body of the given type. */
    static Call post(URI uri, String contentType, byte[] body, Header... more) {
        List<Header> headers = new java.util.ArrayList<>(List.of(new Header("Content-Type", contentType)));
        headers.addAll(List.of(more));
        return new Call("POST", uri, List.copyOf(headers), body);
    }

    HttpRequest toRequest() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(header -> request.header(header.name(), header.value()));
        return request.build();
    }
}
