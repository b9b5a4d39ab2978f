package agora.user.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import agora.platform.host.testing.TestHost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A downloaded export, unpacked: its answer's headers and its files by path.
 *
 * @param response the answer
 * @param files    the zip's files, in order
 */
record Archive(HttpResponse<byte[]> response, Map<String, byte[]> files) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code GET /api/users/me/export} as the member, expecting a 200 with a zip. */
    static Archive download(TestHost host, String access) {
        HttpResponse<byte[]> response = get(host, access);
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        return new Archive(response, unzip(response.body()));
    }

    static HttpResponse<byte[]> get(TestHost host, String access) {
        URI uri = host.api().base().resolve("/api/users/me/export");
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + access)
                    .header("X-Territory", host.territory()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new AssertionError("no " + path + " in " + files.keySet());
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file's text, one after the other. */
    String text() {
        StringBuilder all = new StringBuilder();
        files.values().forEach(bytes -> all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
        return all.toString();
    }

    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
