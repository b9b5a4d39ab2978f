package agora.user.avatar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import agora.platform.core.problem.ProblemException;
import agora.platform.web.Bodies;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

/**
 * The file of an upload request: a raw {@code image/*} body, or the one file part of a
 * {@code multipart/form-data} body. The size limit is checked while reading: a declared length
 * over it is refused before a byte is read, and a body that turns out longer is refused as soon as
 * the limit is passed, never buffered whole.
 *
 * @param bytes        the file
 * @param declaredType the media type the client gave the file, when it gave one
 */
record Upload(byte[] bytes, Optional<String> declaredType) {
    /** The largest file accepted: 5 MiB. */
    static final int MAX_FILE_BYTES = 5 * 1024 * 1024;
    /** Room for multipart boundaries and part headers around the file. */
    static final int MAX_FRAMING_BYTES = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    /**
     * Reads the file of a request.
     *
     * @param request the request
     * @return the upload
     * @throws ProblemException 400, 413 or 415 as the request deserves
     */
    static Upload read(ServerRequest request) {
        if (!request.content().hasEntity()) {
            throw AvatarProblems.problem(AvatarProblems.EMPTY, "avatar.empty");
        }
        HttpMediaType type = request.headers().contentType().orElseThrow(Upload::unsupported);
        String main = type.mediaType().type().toLowerCase(Locale.ROOT);
        String sub = type.mediaType().subtype().toLowerCase(Locale.ROOT);
        if (main.equals("image")) {
            byte[] bytes = readAtMost(request, MAX_FILE_BYTES);
            if (bytes.length == 0) {
                throw AvatarProblems.problem(AvatarProblems.EMPTY, "avatar.empty");
            }
            return new Upload(bytes, Optional.of(main + "/" + sub));
        }
        if (main.equals("multipart") && sub.equals("form-data")) {
            String boundary = Optional.ofNullable(type.parameters().get("boundary"))
                    .map(value -> value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value)
                    .orElse("");
            if (boundary.isEmpty() || boundary.length() > 70) {
                throw malformed("avatar.multipart.boundary");
            }
            byte[] body = readAtMost(request, MAX_FILE_BYTES + MAX_FRAMING_BYTES);
            return filePart(body, boundary);
        }
        throw unsupported();
    }

    private static byte[] readAtMost(ServerRequest request, int limit) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge();
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            // The client went away, or was cut off for being too slow, before the whole body came.
            throw Bodies.cutOff(request);
        }
    }

    /* Exactly one part with a file name; its headers say nothing we trust but its declared type. */
    private static Upload filePart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed("avatar.multipart.structure");
        }
        Upload found = null;
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                break; // the closing delimiter
            }
            if (!startsWith(body, pos, CRLF)) {
                throw malformed("avatar.multipart.structure");
            }
            pos += 2;
            int headersEnd = indexOf(body, HEADERS_END, pos);
            if (headersEnd < 0 || headersEnd - pos > 8 * 1024) {
                throw malformed("avatar.multipart.structure");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.ISO_8859_1);
            int contentStart = headersEnd + HEADERS_END.length;
            int contentEnd = indexOf(body, separator, contentStart);
            if (contentEnd < 0) {
                throw malformed("avatar.multipart.structure");
            }
            if (isFile(headers)) {
                if (found != null) {
                    throw malformed("avatar.multipart.files");
                }
                if (contentEnd - contentStart > MAX_FILE_BYTES) {
                    throw tooLarge();
                }
                byte[] bytes = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
                if (bytes.length == 0) {
                    throw AvatarProblems.problem(AvatarProblems.EMPTY, "avatar.empty");
                }
                found = new Upload(bytes, declaredType(headers));
            }
            pos = contentEnd + separator.length;
        }
        if (found == null) {
            throw malformed("avatar.multipart.files");
        }
        return found;
    }

    private static boolean isFile(String headers) {
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:") && lower.contains("form-data")
                    && lower.matches(".*;\\s*filename\\*?=.*")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> declaredType(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                String value = line.substring("content-type:".length()).trim().toLowerCase(Locale.ROOT);
                int semicolon = value.indexOf(';');
                value = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
                // "Some bytes" tells nothing; the bytes decide.
                return value.isEmpty() || value.equals("application/octet-stream") ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        int last = body.length - needle.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (body[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ProblemException tooLarge() {
        return AvatarProblems.problem(AvatarProblems.TOO_LARGE, "avatar.too-large", MAX_FILE_BYTES / (1024 * 1024));
    }

    private static ProblemException malformed(String key) {
        return AvatarProblems.problem(AvatarProblems.MALFORMED_UPLOAD, key);
    }

    private static ProblemException unsupported() {
        return AvatarProblems.problem(AvatarProblems.UNSUPPORTED_TYPE, "avatar.unsupported-type",
                AvatarRendering.readableLabels());
    }
}
