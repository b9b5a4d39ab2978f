package agora.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP/1.1 client as lean as wrk's: one keep-alive connection, requests encoded once, the answer
 * read as status line, headers and a {@code Content-Length} or chunked body. What a load generator
 * needs and no more, so that it takes as little of the machine as it can from the server it measures
 * (the JDK's HttpClient spent about 2.7 ms of CPU per login here). Not thread-safe: one per client.
 */
final class RawHttp implements ClosedLoop.Client {
    private final List<byte[]> requests;
    private final int offset;
    private final int stride;
    private final InetSocketAddress server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param calls  the requests, all to the same server
     * @param offset this client's first request
     * @param stride how far the next one is (the number of clients)
     */
    RawHttp(List<Call> calls, int offset, int stride) {
        this.requests = calls.stream().map(RawHttp::encode).toList();
        this.offset = offset;
        this.stride = stride;
        this.server = new InetSocketAddress(calls.getFirst().uri().getHost(), calls.getFirst().uri().getPort());
    }

    @Override
    public Optional<String> send(long iteration) {
        byte[] request = requests.get((int) Math.floorMod(offset + iteration * stride, (long) requests.size()));
        try {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(server, 5000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            return Optional.of(e.toString());
        }
    }

    /** Reads one answer; empty for a 2xx. */
    private Optional<String> read() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body);
        }
        if (closes) {
            close();
        }
        if (code / 100 == 2) {
            return Optional.empty();
        }
        String text = body.toString(StandardCharsets.UTF_8);
        return Optional.of(code + " " + text.substring(0, Math.min(300, text.length())));
    }

    private void copy(long length, ByteArrayOutputStream body) throws IOException {
        byte[] chunk = in.readNBytes((int) length);
        if (chunk.length != length) {
            throw new IOException("the answer ended early");
        }
        body.write(chunk);
    }

    /** A header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // going away anyway
        }
        socket = null;
    }

    private static byte[] encode(Call call) {
        StringBuilder head = new StringBuilder()
                .append(call.method()).append(' ').append(call.uri().getRawPath())
                .append(call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(call.uri().getHost()).append(':').append(call.uri().getPort()).append("\r\n");
        call.headers().forEach(header -> head.append(header.name()).append(": ").append(header.value()).append("\r\n"));
        head.append("Content-Length: ").append(call.body().length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] whole = new byte[start.length + call.body().length];
        System.arraycopy(start, 0, whole, 0, start.length);
        System.arraycopy(call.body(), 0, whole, start.length, call.body().length);
        return whole;
    }
}
