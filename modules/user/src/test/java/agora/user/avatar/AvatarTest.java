package agora.user.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import agora.auth.api.AuthEvents;
import agora.platform.contract.TerritoryCode;
import agora.platform.events.EventScope;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.ProblemCoverage;
import agora.platform.host.testing.SignIns;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.user.UserService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Avatars through the user service as the pod runs it (beside territory and auth, on the real
 * PostgreSQL, Redis and NATS): upload, the two stored sizes, caching, replacement, removal,
 * hostile files, two territories kept apart, the upload limit and erasure on account deletion.
 */
class AvatarTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UPLOADS_PER_HOUR = 12;

    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .territory("JP").config(Map.of("agora.user.avatars.uploads-per-hour", Integer.toString(UPLOADS_PER_HOUR),
                        "agora.auth.throttle.registrations", "1000/PT1M",
                        // A slow upload is cut off sooner than the default 30 s. The deadline covers the
                        // answer too, and creating a territory (operator listener) takes a few seconds.
                        "agora.web.connections.body-timeout", "PT10S"))
                .start();
        pod.createTerritory("KR");
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void aPngBecomesTwoSquareJpegsServedImmutably() throws IOException {
        Member member = pod.signIns().member(admin);
        HttpResponse<String> uploaded = upload(member.access(), "JP", TestImages.png(300, 200), "image/png");
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        JsonNode urls = JSON.readTree(uploaded.body());
        String large = urls.get("large").asText();
        String small = urls.get("small").asText();
        assertTrue(large.matches("/avatars/JP/" + member.id() + "/[0-9a-f]{32}-256\\.jpg"), large);
        assertTrue(small.matches("/avatars/JP/" + member.id() + "/[0-9a-f]{32}-64\\.jpg"), small);

        HttpResponse<byte[]> file = get(large, Map.of());
        assertEquals(200, file.statusCode());
        assertEquals("image/jpeg", file.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", file.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElseThrow());
        BufferedImage picture = TestImages.decode(file.body());
        assertEquals(256, picture.getWidth());
        assertEquals(256, picture.getHeight());
        assertEquals(64, TestImages.decode(get(small, Map.of()).body()).getWidth());

        String etag = file.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get(large, Map.of("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());

        HttpResponse<byte[]> redirect = get("/api/users/" + member.id() + "/avatar", Map.of("X-Territory", "JP"));
        assertEquals(303, redirect.statusCode());
        assertEquals(large, redirect.headers().firstValue("Location").orElseThrow());
        assertEquals(small, get("/api/users/" + member.id() + "/avatar?size=64", Map.of("X-Territory", "JP"))
                .headers().firstValue("Location").orElseThrow());
        pod.api().get("/api/users/" + member.id() + "/avatar?size=1000").problem(400, "invalid-parameter");
    }

    @Test
    void profilesShowTheAvatarWhereTheProfileIsSeenAndTheExportHoldsItsFiles() throws IOException {
        Member member = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        JsonNode urls = JSON.readTree(upload(member.access(), "JP", TestImages.png(120, 120), "image/png").body());

        JsonNode own = pod.api().as(member.access()).get("/api/users/me").expect(200).json();
        assertEquals(urls, own.get("avatar"), "the member's own profile");
        JsonNode seen = pod.api().as(other.access()).get("/api/users/" + member.id()).expect(200).json();
        assertEquals(urls, seen.get("avatar"), "another member's view of the profile");
        assertTrue(pod.api().as(member.access()).get("/api/users/" + other.id()).expect(200).json()
                .path("avatar").isNull(), "no avatar: null");

        // Seen by members only: the anonymous caller gets no redirect, as if there were no avatar.
        pod.api().as(member.access()).put("/api/users/me/privacy", Body.of("visibility", "members", "locked", false,
                "searchable", true, "showBadges", true, "showCourses", true)).expect(200);
        HttpResponse<byte[]> anonymous = get("/api/users/" + member.id() + "/avatar", Map.of("X-Territory", "JP"));
        assertEquals(404, anonymous.statusCode());
        assertTrue(new String(anonymous.body(), StandardCharsets.UTF_8).contains("avatar-not-found"));
        HttpResponse<byte[]> signedIn = get("/api/users/" + member.id() + "/avatar",
                Map.of("X-Territory", "JP", "Authorization", "Bearer " + other.access()));
        assertEquals(303, signedIn.statusCode());
        // Blocked: the blocked member no longer sees it either.
        pod.api().as(member.access()).post("/api/users/" + other.id() + "/block", null).expect(200);
        assertEquals(404, get("/api/users/" + member.id() + "/avatar",
                Map.of("X-Territory", "JP", "Authorization", "Bearer " + other.access())).statusCode());

        HttpResponse<byte[]> export = get("/api/users/me/export",
                Map.of("X-Territory", "JP", "Authorization", "Bearer " + member.access()));
        assertEquals(200, export.statusCode());
        Map<String, byte[]> files = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new ByteArrayInputStream(export.body()))) {
            for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        String large = urls.get("large").asText();
        String small = urls.get("small").asText();
        assertArrayEquals(get(large, Map.of()).body(),
                files.get("user/avatar/" + large.substring(large.lastIndexOf('/') + 1)), "the large file, as served");
        assertArrayEquals(get(small, Map.of()).body(),
                files.get("user/avatar/" + small.substring(small.lastIndexOf('/') + 1)), "the small file, as served");
    }

    @Test
    void aListOfMembersGetsItsAvatarsInOneQuery() throws IOException {
        Member with = pod.signIns().member(admin);
        Member without = pod.signIns().member(admin);
        String large = JSON.readTree(upload(with.access(), "JP", TestImages.png(40, 40), "image/png").body())
                .get("large").asText();
        TerritoryCode japan = TerritoryCode.of("JP");
        Avatars avatars = new Avatars(pod.host().platform().database(), new PostgresAvatarStore(), new AvatarRendering(1),
                pod.host().state().rateLimiter("unused"), new agora.platform.state.RateLimiter.Limit(1, Duration.ofHours(1)),
                pod.clock());
        Map<UUID, AvatarUrls> urls = pod.host().platform().database().inTerritory(japan,
                db -> avatars.current(db, japan, java.util.List.of(with.id(), without.id())));
        assertEquals(Map.of(with.id(), avatars.current(japan, with.id()).orElseThrow()), urls);
        assertEquals(large, urls.get(with.id()).large());
        assertEquals(Map.of(), pod.host().platform().database().inTerritory(japan,
                db -> avatars.current(db, japan, java.util.List.of())));
    }

    @Test
    void theSamePictureGetsTheSameNameAndAReplacedOneIsGone() throws IOException {
        Member member = pod.signIns().member(admin);
        byte[] first = TestImages.jpeg(400, 400);
        String firstUrl = JSON.readTree(upload(member.access(), "JP", first, "image/jpeg").body()).get("large").asText();
        assertEquals(firstUrl, JSON.readTree(upload(member.access(), "JP", first, "image/jpeg").body())
                .get("large").asText(), "the name follows the content");

        String secondUrl = JSON.readTree(upload(member.access(), "JP", TestImages.png(100, 300), "image/png").body())
                .get("large").asText();
        assertNotEquals(firstUrl, secondUrl);
        assertEquals(404, get(firstUrl, Map.of()).statusCode(), "the former file is deleted");
        assertEquals(200, get(secondUrl, Map.of()).statusCode());

        assertEquals(204, pod.api().as(member.access()).delete("/api/users/me/avatar").status());
        assertEquals(404, get(secondUrl, Map.of()).statusCode());
        pod.api().get("/api/users/" + member.id() + "/avatar").problem(404, "avatar-not-found");
        assertEquals(204, pod.api().as(member.access()).delete("/api/users/me/avatar").status(), "removing twice is fine");
    }

    @Test
    void multipartFormsAndWebPAreAccepted() throws IOException {
        Member member = pod.signIns().member(admin);
        HttpResponse<String> jpeg = send(member.access(), "JP",
                multipart("b0undary", part("file", "me.jpg", "image/jpeg", TestImages.jpeg(640, 480))),
                "multipart/form-data; boundary=b0undary", false);
        assertEquals(200, jpeg.statusCode(), jpeg.body());
        HttpResponse<String> withField = send(member.access(), "JP", multipart("xyz",
                        field("caption", "hello"), part("avatar", "pic", "application/octet-stream", TestImages.png(64, 64))),
                "multipart/form-data; boundary=xyz", false);
        assertEquals(200, withField.statusCode(), withField.body());
        for (byte[] webp : new byte[][] {TestImages.WEBP_LOSSLESS, TestImages.WEBP_LOSSY}) {
            HttpResponse<String> answer = upload(member.access(), "JP", webp, "image/webp");
            assertEquals(200, answer.statusCode(), answer.body());
            BufferedImage stored = TestImages.decode(get(JSON.readTree(answer.body()).get("large").asText(), Map.of()).body());
            assertEquals(256, stored.getWidth());
        }
    }

    @Test
    void exifAndItsGpsPositionAreNotKept() throws IOException {
        Member member = pod.signIns().member(admin);
        byte[] withGps = TestImages.jpegWithGps(300, 300);
        assertTrue(TestImages.indexOf(withGps, TestImages.GPS_LATITUDE) > 0, "the input carries the position");
        assertEquals(300, TestImages.decode(withGps).getWidth(), "the input is a valid JPEG");
        HttpResponse<String> uploaded = upload(member.access(), "JP", withGps, "image/jpeg");
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        for (String url : new String[] {JSON.readTree(uploaded.body()).get("large").asText(),
                JSON.readTree(uploaded.body()).get("small").asText()}) {
            byte[] stored = get(url, Map.of()).body();
            assertEquals(-1, TestImages.indexOf(stored, TestImages.GPS_LATITUDE), "no GPS position in " + url);
            assertEquals(-1, TestImages.indexOf(stored, "Exif".getBytes(StandardCharsets.US_ASCII)), "no EXIF in " + url);
            assertEquals(-1, TestImages.indexOf(stored, new byte[] {(byte) 0xff, (byte) 0xe1}), "no APP1 in " + url);
        }
    }

    @Test
    void aPhotoStandsAsItsCameraSaid() throws IOException {
        Member member = pod.signIns().member(admin);
        BufferedImage plain = stored(member, TestImages.jpegTurned(200, 1));
        assertTrue(red(plain.getRGB(20, 128)) && blue(plain.getRGB(235, 128)), "as taken: red left, blue right");
        BufferedImage turned = stored(member, TestImages.jpegTurned(200, 6));
        assertTrue(red(turned.getRGB(128, 20)) && blue(turned.getRGB(128, 235)), "turned 90 degrees clockwise: red on top");
        BufferedImage back = stored(member, TestImages.jpegTurned(200, 8));
        assertTrue(blue(back.getRGB(128, 20)) && red(back.getRGB(128, 235)), "turned 90 degrees back: blue on top");
        BufferedImage mirrored = stored(member, TestImages.jpegTurned(200, 2));
        assertTrue(blue(mirrored.getRGB(20, 128)) && red(mirrored.getRGB(235, 128)), "mirrored: blue left");
    }

    private static BufferedImage stored(Member member, byte[] jpeg) throws IOException {
        HttpResponse<String> uploaded = upload(member.access(), "JP", jpeg, "image/jpeg");
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        return TestImages.decode(get(JSON.readTree(uploaded.body()).get("large").asText(), Map.of()).body());
    }

    private static boolean red(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && (rgb & 0xff) < 60;
    }

    private static boolean blue(int rgb) {
        return (rgb & 0xff) > 200 && ((rgb >> 16) & 0xff) < 60;
    }

    @Test
    void malformedUploadsAreRefusedAndStoreNothing() {
        Member member = pod.signIns().member(admin);
        String access = member.access();
        problem(send(access, "JP", new byte[0], "image/png", false), 400, "avatar-empty");
        problem(send(access, "JP", TestImages.png(10, 10), "text/plain", false), 415, "avatar-unsupported-type");
        problem(send(access, "JP", TestImages.png(10, 10), "multipart/form-data", false), 400, "avatar-malformed-upload");
        problem(send(access, "JP", "not a form at all".getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=abc", false), 400, "avatar-malformed-upload");
        problem(send(access, "JP", multipart("abc", field("caption", "no file")), "multipart/form-data; boundary=abc",
                false), 400, "avatar-malformed-upload");
        problem(send(access, "JP", multipart("abc", part("a", "a.png", "image/png", TestImages.png(8, 8)),
                part("b", "b.png", "image/png", TestImages.png(8, 8))), "multipart/form-data; boundary=abc", false),
                400, "avatar-malformed-upload");
        byte[] tooLarge = TestImages.concat(TestImages.png(8, 8), new byte[Upload.MAX_FILE_BYTES + 1 - TestImages.png(8, 8).length]);
        assertEquals(5 * 1024 * 1024 + 1, tooLarge.length);
        problem(send(access, "JP", tooLarge, "image/png", false), 413, "avatar-too-large");
        problem(send(access, "JP", tooLarge, "image/png", true), 413, "avatar-too-large");
        problem(send(access, "JP", multipart("abc", part("file", "big.png", "image/png", tooLarge)),
                "multipart/form-data; boundary=abc", false), 413, "avatar-too-large");
        pod.api().get("/api/users/" + member.id() + "/avatar").problem(404, "avatar-not-found");
    }

    @Test
    void anUploadSentTooSlowlyIsCutOffWithA408AndStoresNothing() throws IOException {
        Member member = pod.signIns().member(admin);
        byte[] png = TestImages.png(300, 300);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", pod.host().port())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/users/me/avatar HTTP/1.1\r\nHost: x\r\nX-Territory: JP\r\nAuthorization: Bearer "
                    + member.access() + "\r\nContent-Type: image/png\r\nContent-Length: " + png.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(png, 0, png.length / 2);
            out.flush();
            socket.setSoTimeout(30_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"code\":\"request-timeout\""), answer);
        }
        pod.api().get("/api/users/" + member.id() + "/avatar").problem(404, "avatar-not-found");
    }

    @Test
    void hostileImagesAreRefusedAndStoreNothing() {
        Member member = pod.signIns().member(admin);
        String access = member.access();
        JsonNode bomb = problem(upload(access, "JP", TestImages.pngClaiming(50_000, 50_000), "image/png"),
                422, "avatar-too-many-pixels");
        assertTrue(bomb.get("detail").asText().contains("50"), bomb.toString());
        problem(upload(access, "JP", TestImages.jpegClaiming(50_000, 50_000), "image/jpeg"), 422, "avatar-too-many-pixels");
        byte[] png = TestImages.png(200, 200);
        problem(upload(access, "JP", java.util.Arrays.copyOf(png, png.length * 2 / 3), "image/png"), 422, "avatar-truncated");
        byte[] jpeg = TestImages.jpeg(200, 200);
        problem(upload(access, "JP", java.util.Arrays.copyOf(jpeg, jpeg.length - 40), "image/jpeg"), 422, "avatar-truncated");
        problem(upload(access, "JP", java.util.Arrays.copyOf(TestImages.WEBP_LOSSY, 30), "image/webp"), 422, "avatar-truncated");
        JsonNode lie = problem(upload(access, "JP", png, "image/jpeg"), 415, "avatar-type-mismatch");
        assertTrue(lie.get("detail").asText().contains("PNG"), lie.toString());
        problem(upload(access, "JP", TestImages.concat(png, TestImages.zip()), "image/png"), 422, "avatar-trailing-data");
        problem(upload(access, "JP", TestImages.concat(jpeg, "<html><script>alert(1)</script></html>"
                .getBytes(StandardCharsets.UTF_8)), "image/jpeg"), 422, "avatar-trailing-data");
        problem(upload(access, "JP", "GIF89a/*\u0001\u0000\u0001\u0000*/=alert(document.domain)//;"
                .getBytes(StandardCharsets.ISO_8859_1), "image/gif"), 415, "avatar-unsupported-type");
        JsonNode html = problem(upload(access, "JP", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8),
                "image/png"), 415, "avatar-unsupported-type");
        assertTrue(html.get("detail").asText().contains("WebP"), html.toString());
        // Whole and well formed, chunk by chunk (CRCs right), but its pixels are not deflate data.
        problem(upload(access, "JP", garbledPixels(TestImages.png(40, 40)), "image/png"), 422, "avatar-undecodable");
        pod.api().get("/api/users/" + member.id() + "/avatar").problem(404, "avatar-not-found");
    }

    @Test
    void problemsSpeakTheReadersLanguage() {
        Member member = pod.signIns().member(admin);
        HttpResponse<String> answer = send(member.access(), "JP", new byte[0], "image/png", false,
                "Accept-Language", "sv");
        JsonNode problem = problem(answer, 400, "avatar-empty");
        assertTrue(problem.get("detail").asText().startsWith("Ingen bild"), problem.toString());
    }

    /** Refused before the body is read: even an empty one is not looked at once the limit is used up. */
    @Test
    void uploadsAreLimitedPerMember() {
        Member member = pod.signIns().member(admin);
        byte[] tiny = TestImages.png(4, 4);
        for (int i = 0; i < UPLOADS_PER_HOUR; i++) {
            assertEquals(200, upload(member.access(), "JP", tiny, "image/png").statusCode());
        }
        HttpResponse<String> refused = upload(member.access(), "JP", tiny, "image/png");
        problem(refused, 429, "avatar-uploads-throttled");
        problem(send(member.access(), "JP", new byte[0], "image/png", false), 429, "avatar-uploads-throttled");
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
        Member other = pod.signIns().member(admin);
        assertEquals(200, upload(other.access(), "JP", tiny, "image/png").statusCode(), "the limit is per member");
    }

    @Test
    void withoutATokenNothingIsUploadedAndFilesAreFoundOnlyWhereTheyAre() {
        problem(upload("not-a-token", "JP", TestImages.png(8, 8), "image/png"), 401, "invalid-token");
        assertEquals(404, get("/avatars/JP/" + UUID.randomUUID() + "/" + "0".repeat(32) + "-256.jpg", Map.of()).statusCode());
        assertEquals(404, get("/avatars/XX/" + UUID.randomUUID() + "/" + "0".repeat(32) + "-256.jpg", Map.of()).statusCode());
        assertEquals(404, get("/avatars/JP/not-a-uuid/" + "0".repeat(32) + "-256.jpg", Map.of()).statusCode());
        assertEquals(404, get("/avatars/JP/" + UUID.randomUUID() + "/..%2F..%2Fetc%2Fpasswd", Map.of()).statusCode());
        pod.api().get("/api/users/not-a-uuid/avatar").problem(404, "avatar-not-found");
    }

    @Test
    void twoTerritoriesAreKeptApart() throws IOException {
        ApiClient korea = ApiClient.of(pod.host().port()).territory("KR");
        Eventually.within(Duration.ofSeconds(30), () -> korea.get("/api/users/" + UUID.randomUUID() + "/avatar").status(),
                status -> status == 404);
        String email = "kr-" + UUID.randomUUID() + "@example.org";
        String invitation = pod.operator().post("/operator/auth/territories/KR/bootstrap-invitation", null)
                .expect(201).json().get("token").asText();
        UUID id = UUID.fromString(korea.post("/api/auth/register", SignIns.registration(invitation, email, Member.PASSWORD))
                .expect(201).json().get("id").asText());
        korea.post("/api/auth/email/verify", Body.of("token", pod.mail().newestToken(email))).expect(200);
        String access = korea.post("/api/auth/login", Body.of("email", email, "password", Member.PASSWORD))
                .expect(200).json().get("accessToken").asText();

        HttpResponse<String> uploaded = upload(access, "KR", TestImages.png(50, 50), "image/png");
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        String large = JSON.readTree(uploaded.body()).get("large").asText();
        assertTrue(large.startsWith("/avatars/KR/" + id + "/"), large);
        assertEquals(200, get(large, Map.of()).statusCode());
        assertEquals(200, get(large, Map.of("X-Territory", "JP")).statusCode(), "the path names the territory");
        assertEquals(404, get(large.replace("/avatars/KR/", "/avatars/JP/"), Map.of()).statusCode());
        korea.get("/api/users/" + id + "/avatar").expect(303);
        pod.api().get("/api/users/" + id + "/avatar").problem(404, "avatar-not-found");
        problem(upload(access, "JP", TestImages.png(50, 50), "image/png"), 401, "wrong-territory");
    }

    @Test
    void deletingTheAccountErasesTheAvatarEvenWhenTheEventComesTwice() throws IOException {
        Member member = pod.signIns().member(admin);
        String large = JSON.readTree(upload(member.access(), "JP", TestImages.png(80, 80), "image/png").body())
                .get("large").asText();
        assertEquals(200, get(large, Map.of()).statusCode());
        pod.api().as(member.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        Eventually.within(Duration.ofSeconds(30), () -> get(large, Map.of()).statusCode(), status -> status == 404);
        pod.api().get("/api/users/" + member.id() + "/avatar").problem(404, "avatar-not-found");

        // The deletion again, as a second message (at-least-once delivery, a replay): no failure, nothing back.
        TerritoryCode japan = TerritoryCode.of("JP");
        pod.host().platform().database().runInTerritory(japan, db -> pod.host().events().outbox("auth").append(db,
                EventScope.territory(japan), AuthEvents.ACCOUNT_DELETED, member.id().toString(), 99,
                new AuthEvents.AccountDeleted(member.id())));
        Member witness = pod.signIns().member(admin);
        String witnessUrl = JSON.readTree(upload(witness.access(), "JP", TestImages.png(8, 8), "image/png").body())
                .get("large").asText();
        pod.host().platform().database().runInTerritory(japan, db -> pod.host().events().outbox("auth").append(db,
                EventScope.territory(japan), AuthEvents.ACCOUNT_DELETED, witness.id().toString(), 99,
                new AuthEvents.AccountDeleted(witness.id())));
        // Events of a territory are consumed in order: once the later one has had its effect, the repeat has been handled.
        Eventually.within(Duration.ofSeconds(30), () -> get(witnessUrl, Map.of()).statusCode(), status -> status == 404);
        assertEquals(404, get(large, Map.of()).statusCode());
        assertTrue(pod.host().events().deadLetters("user", EventScope.territory(japan), 10).isEmpty(),
                "the repeated deletion was not dead-lettered");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A PNG whose IDAT chunk holds noise instead of compressed pixels, its CRC made right again. */
    private static byte[] garbledPixels(byte[] png) {
        byte[] garbled = png.clone();
        for (int at = 8; at + 12 <= garbled.length; ) {
            int length = java.nio.ByteBuffer.wrap(garbled, at, 4).getInt();
            String type = new String(garbled, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                for (int i = 0; i < length; i++) {
                    garbled[at + 8 + i] = (byte) (0xA5 ^ i * 31);
                }
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(garbled, at + 4, 4 + length);
                java.nio.ByteBuffer.wrap(garbled, at + 8 + length, 4).putInt((int) crc.getValue());
                return garbled;
            }
            at += 12 + length;
        }
        throw new IllegalArgumentException("no IDAT chunk");
    }

    private static HttpResponse<String> upload(String access, String territory, byte[] body, String type) {
        return send(access, territory, body, type, false);
    }

    private static HttpResponse<String> send(String access, String territory, byte[] body, String type, boolean chunked,
                                             String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/users/me/avatar"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + access)
                .header("X-Territory", territory)
                .header("Content-Type", type)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            ProblemCoverage.record(built.method(), built.uri(), response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + pod.host().port() + path);
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow()
                .split(";")[0]);
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertEquals(code, problem.get("code").asText(), response.body());
            return problem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] part(String name, String fileName, String type, byte[] content) {
        String head = "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n";
        return TestImages.concat(head.getBytes(StandardCharsets.UTF_8), content);
    }

    private static byte[] field(String name, String value) {
        return ("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart(String boundary, byte[]... parts) {
        byte[] body = new byte[0];
        for (byte[] part : parts) {
            body = TestImages.concat(body, ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body = TestImages.concat(body, part);
            body = TestImages.concat(body, "\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return TestImages.concat(body, ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
