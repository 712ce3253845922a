package dev.cohort.s3server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3Proxy as this module starts it (its Jetty relocated inside its jar, the unused back ends left out): a real
 * S3 server that keeps objects in a folder, across restarts, and only for the holder of its key.
 */
class InJvmS3Test {

    @TempDir
    Path folder;

    @Test
    void storesObjectsInItsFolderAndKeepsThemAcrossARestart() {
        InJvmS3.Settings settings = new InJvmS3.Settings(folder, 0, InJvmS3.newAccessKey(), InJvmS3.newSecretKey(),
                List.of());
        try (InJvmS3 server = InJvmS3.start(settings); S3Client s3 = client(server, server.secretKey())) {
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(p -> p.bucket("kept").key("notes/hello.txt").contentType("text/plain"),
                    RequestBody.fromString("hello, S3"));
            assertThat(folder.resolve("kept")).isDirectory();
        }

        try (InJvmS3 again = InJvmS3.start(settings); S3Client s3 = client(again, again.secretKey())) {
            again.ensureBucket("kept");
            again.ensureBucket("made-here");
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("kept", "made-here");
            assertThat(s3.getObjectAsBytes(g -> g.bucket("kept").key("notes/hello.txt")).asUtf8String())
                    .isEqualTo("hello, S3");
            assertThat(s3.headObject(h -> h.bucket("kept").key("notes/hello.txt")).contentType())
                    .isEqualTo("text/plain");
        }
    }

    @Test
    void refusesRequestsSignedWithAnotherSecretAndUnsignedOnes() throws Exception {
        try (InJvmS3 server = InJvmS3.start(new InJvmS3.Settings(folder, 0, InJvmS3.newAccessKey(),
                InJvmS3.newSecretKey(), List.of()));
             S3Client forger = client(server, InJvmS3.newSecretKey())) {
            assertThatThrownBy(() -> forger.createBucket(b -> b.bucket("forged")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));

            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.endpoint().resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(anonymous.body()).contains("AccessDenied");
        }
    }

    @Test
    void answersBrowsersFromAllowedOriginsOnly() throws Exception {
        try (InJvmS3 server = InJvmS3.start(new InJvmS3.Settings(folder, 0, InJvmS3.newAccessKey(),
                InJvmS3.newSecretKey(), List.of("http://localhost:8080")));
             S3Client s3 = client(server, server.secretKey())) {
            s3.createBucket(b -> b.bucket("web"));
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> allowed = http.send(preflight(server.endpoint(), "http://localhost:8080"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = http.send(preflight(server.endpoint(), "http://evil.example"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8080");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        try (InJvmS3 closed = InJvmS3.start(new InJvmS3.Settings(folder, 0, InJvmS3.newAccessKey(),
                InJvmS3.newSecretKey(), List.of()))) {
            HttpResponse<String> none = HttpClient.newHttpClient().send(preflight(closed.endpoint(),
                    "http://localhost:8080"), HttpResponse.BodyHandlers.ofString());
            assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void accessKeysAreFitForASignatureScope() {
        assertThat(InJvmS3.newAccessKey()).matches("[A-Z0-9]{20}").isNotEqualTo(InJvmS3.newAccessKey());
        assertThat(InJvmS3.newSecretKey()).hasSize(40);
        assertThatThrownBy(() -> new InJvmS3.Settings(folder, 0, "a/b", "secret", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new InJvmS3.Settings(folder, 0, "AKID", "very secret", List.of()).toString())
                .doesNotContain("very secret");
    }

    private static HttpRequest preflight(URI endpoint, String origin) {
        return HttpRequest.newBuilder(endpoint.resolve("/web/avatar.png"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .build();
    }

    private static S3Client client(InJvmS3 server, String secret) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
