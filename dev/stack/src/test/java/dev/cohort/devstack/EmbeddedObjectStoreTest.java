package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.objectstore.CohortObjectStoreAutoConfiguration;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.objectstore.PresignedUpload;
import dev.cohort.ports.FreePorts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The local stack's object store on the stack's own class path (Boot 4.1, Tomcat's servlet API, Jackson 2 and 3,
 * Guava): S3Proxy starts, a service's object-store configuration works with the arguments the stack gives it, a
 * browser at the gateway's origin may upload with a presigned URL, and objects and keys survive a restart.
 */
class EmbeddedObjectStoreTest {

    @TempDir
    Path home;

    @Test
    void servesThePresignedUploadsOfAServiceAndKeepsObjectsAndKeysAcrossRestarts() throws Exception {
        StackSettings settings = new StackSettings(home, FreePorts.pick(), 0, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty(),
                "postgres", "", Optional.empty(), FreePorts.pick());
        LocalSecrets secrets = new LocalSecrets(settings.secretsDir());
        byte[] avatar = "an avatar's bytes".getBytes(StandardCharsets.UTF_8);
        String firstSecret;

        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(settings, secrets)) {
            firstSecret = store.secretKey();
            assertThat(store.endpoint()).isEqualTo("http://127.0.0.1:" + settings.objectStorePort());
            withObjectStore(store.serviceArguments(), objects -> {
                assertThat(objects.bucket()).isEqualTo(EmbeddedObjectStore.BUCKET);
                PresignedUpload upload = objects.presignPut("avatars/ada.png", "image/png", avatar.length,
                        Duration.ofMinutes(5));
                HttpResponse<String> put = send(HttpRequest.newBuilder(upload.url())
                        .header("Origin", "http://localhost:" + settings.gatewayPort())
                        .header("Content-Type", "image/png")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(avatar)).build());
                assertThat(put.statusCode()).isEqualTo(200);
                assertThat(put.headers().firstValue("Access-Control-Allow-Origin"))
                        .contains("http://localhost:" + settings.gatewayPort());
            });
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(java.net.URI.create(store.endpoint()
                            + "/" + EmbeddedObjectStore.BUCKET + "/avatars/ada.png"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:" + settings.gatewayPort())
                    .header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", "content-type").build());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("http://127.0.0.1:" + settings.gatewayPort());
        }
        assertThat(Files.getPosixFilePermissions(settings.secretsDir().resolve("object-store-secret-key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(settings.dataDir("object-store").resolve(EmbeddedObjectStore.BUCKET)).isDirectory();

        try (EmbeddedObjectStore again = EmbeddedObjectStore.start(settings, secrets)) {
            assertThat(again.secretKey()).isEqualTo(firstSecret);
            withObjectStore(again.serviceArguments(), objects -> {
                assertThat(objects.head("avatars/ada.png")).hasValueSatisfying(object -> {
                    assertThat(object.size()).isEqualTo(avatar.length);
                    assertThat(object.contentType()).isEqualTo("image/png");
                });
                assertThat(objects.get("avatars/ada.png", avatar.length)).hasValue(avatar);
            });
        }
    }

    /** The object store a service gets from these command-line arguments, through libs/object-store. */
    private static void withObjectStore(List<String> arguments, StoreUse use) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CohortObjectStoreAutoConfiguration.class))
                .withPropertyValues(arguments.stream().map(argument -> argument.substring(2)).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    use.accept(context.getBean(ObjectStore.class));
                });
    }

    @FunctionalInterface
    private interface StoreUse {
        void accept(ObjectStore store) throws Exception;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
