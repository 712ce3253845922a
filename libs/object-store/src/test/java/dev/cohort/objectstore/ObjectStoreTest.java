package dev.cohort.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.testkit.TestObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The object store against a real S3 server (the test kit's S3Proxy), through the AWS SDK v2 and, for presigned
 * URLs, through a plain HTTP client as a browser would use them.
 */
class ObjectStoreTest {

    private static final byte[] AVATAR = "the bytes of an avatar, as far as the store can tell".getBytes(
            StandardCharsets.US_ASCII);

    private static S3Client s3;
    private static S3Presigner presigner;
    private static ObjectStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStore() {
        CohortObjectStoreProperties properties = properties(TestObjectStore.shared().newBucket("ObjectStoreTest"));
        s3 = CohortObjectStoreAutoConfiguration.s3Client(properties);
        presigner = CohortObjectStoreAutoConfiguration.s3Presigner(properties);
        store = new ObjectStore(s3, presigner, properties.bucket());
        store.ensureBucket(true);
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        presigner.close();
    }

    static CohortObjectStoreProperties properties(String bucket) {
        TestObjectStore server = TestObjectStore.shared();
        return new CohortObjectStoreProperties(URI.create(server.endpoint()), null, server.region(),
                server.accessKey(), server.secretKey(), true, bucket, true, Duration.ofSeconds(30));
    }

    @Test
    void putHeadGetAndDeleteAnObject() {
        store.put("notes/one.txt", "first".getBytes(StandardCharsets.UTF_8), "text/plain", "max-age=60");

        StoredObject head = store.head("notes/one.txt").orElseThrow();
        assertThat(head.size()).isEqualTo(5);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.eTag()).isNotBlank();
        assertThat(store.get("notes/one.txt", 5)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("first"));

        store.delete("notes/one.txt");
        store.delete("notes/one.txt");

        assertThat(store.head("notes/one.txt")).isEmpty();
        assertThat(store.get("notes/one.txt", 5)).isEmpty();
    }

    @Test
    void aBoundedReadRefusesALargerObject() {
        byte[] large = new byte[64 * 1024];
        store.put("large.bin", large, "application/octet-stream");

        assertThatThrownBy(() -> store.get("large.bin", large.length - 1))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
                    assertThat(e.key()).isEqualTo("large.bin");
                    assertThat(e.limit()).isEqualTo(large.length - 1);
                });
        assertThat(store.get("large.bin", large.length)).hasValueSatisfying(bytes ->
                assertThat(bytes).hasSize(large.length));
    }

    @Test
    void aPresignedPutAcceptsExactlyTheSignedTypeAndLength() throws Exception {
        PresignedUpload upload = store.presignPut("avatars/exact.png", "image/png", AVATAR.length,
                Duration.ofMinutes(5));

        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.headers()).containsOnlyKeys("content-type", "content-length");
        assertThat(upload.headers().get("content-type")).containsExactly("image/png");
        assertThat(upload.headers().get("content-length")).containsExactly(Integer.toString(AVATAR.length));
        assertThat(upload.expiresAt()).isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));
        assertThat(upload.url().getQuery()).contains("X-Amz-Signature=").doesNotContain(TestObjectStore.shared()
                .secretKey());

        assertThat(put(upload.url(), "image/png", AVATAR).statusCode()).isEqualTo(200);

        StoredObject stored = store.head("avatars/exact.png").orElseThrow();
        assertThat(stored.size()).isEqualTo(AVATAR.length);
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(store.get("avatars/exact.png", AVATAR.length)).hasValueSatisfying(bytes ->
                assertThat(bytes).isEqualTo(AVATAR));
    }

    @Test
    void aPresignedPutRefusesAnotherContentType() throws Exception {
        PresignedUpload upload = store.presignPut("avatars/typed.png", "image/png", AVATAR.length,
                Duration.ofMinutes(5));

        HttpResponse<String> answer = put(upload.url(), "text/html", AVATAR);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("SignatureDoesNotMatch");
        assertThat(store.head("avatars/typed.png")).isEmpty();
    }

    @Test
    void aPresignedPutRefusesALargerOrSmallerBody() throws Exception {
        PresignedUpload upload = store.presignPut("avatars/sized.png", "image/png", AVATAR.length,
                Duration.ofMinutes(5));
        // One byte more, not a large body: a server refusing a large body may close the connection before reading it
        // all, and the client then sees a reset instead of the 403 (a race, not the behaviour under test).
        byte[] larger = Arrays.copyOf(AVATAR, AVATAR.length + 1);
        byte[] smaller = Arrays.copyOf(AVATAR, AVATAR.length - 1);

        assertThat(put(upload.url(), "image/png", larger).statusCode()).isEqualTo(403);
        assertThat(put(upload.url(), "image/png", smaller).statusCode()).isEqualTo(403);
        // The right bytes streamed without a length (chunked, no Content-Length) do not match the signature either.
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(upload.url())
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(AVATAR)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(403);
        assertThat(store.head("avatars/sized.png")).isEmpty();
    }

    @Test
    void aPresignedPutIsForItsKeyAlone() throws Exception {
        PresignedUpload upload = store.presignPut("avatars/mine.png", "image/png", AVATAR.length,
                Duration.ofMinutes(5));
        URI elsewhere = URI.create(upload.url().toString().replace("/avatars/mine.png", "/avatars/theirs.png"));

        assertThat(put(elsewhere, "image/png", AVATAR).statusCode()).isEqualTo(403);
        assertThat(store.head("avatars/theirs.png")).isEmpty();
    }

    @Test
    void aPresignedGetServesTheObjectAndOnlyWhileItExists() throws Exception {
        store.put("avatars/public.png", AVATAR, "image/png");
        PresignedDownload download = store.presignGet("avatars/public.png", Duration.ofMinutes(1));

        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(download.url()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(AVATAR);
        assertThat(answer.headers().firstValue("Content-Type")).contains("image/png");

        store.delete("avatars/public.png");
        assertThat(http.send(HttpRequest.newBuilder(download.url()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(404);
        HttpResponse<Void> tampered = http.send(HttpRequest.newBuilder(URI.create(download.url().toString()
                .replace("X-Amz-Expires=60", "X-Amz-Expires=600"))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(tampered.statusCode()).isEqualTo(403);
    }

    @Test
    void aPresignedUrlStopsWorkingWhenItExpires() throws Exception {
        store.put("avatars/brief.png", AVATAR, "image/png");
        PresignedDownload download = store.presignGet("avatars/brief.png", Duration.ofSeconds(3));
        HttpRequest request = HttpRequest.newBuilder(download.url()).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 403);
        // The signature's time has whole seconds, so the URL may lapse up to a second before expiresAt.
        assertThat(Instant.now()).isAfter(download.expiresAt().minusSeconds(1));
    }

    @Test
    void refusesBadKeysLengthsAndLifetimes() {
        assertThatThrownBy(() -> store.presignPut("", "image/png", 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignPut("/rooted", "image/png", 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignPut("a\nb", "image/png", 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignPut("ok", "image/png", 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignPut("ok", " ", 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignGet("ok", Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignGet("ok", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> put(URI url, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
