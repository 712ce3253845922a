package dev.cohort.devstack;

import dev.cohort.s3server.InJvmS3;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The S3-compatible store of the local stack: S3Proxy inside the stack's JVM (no process of its own to record),
 * keeping buckets and objects as files under {@code .cohort/data/object-store}, so they survive restarts. Its access
 * key and secret are generated on first start and kept with the other local secrets. Browsers may PUT and GET from
 * the gateway's origin (presigned uploads and downloads, ADR 33).
 */
final class EmbeddedObjectStore implements AutoCloseable {

    /** The bucket services keep their objects in (avatars under their own prefix). */
    static final String BUCKET = "cohort-media";

    private final InJvmS3 server;

    private EmbeddedObjectStore(InJvmS3 server) {
        this.server = server;
    }

    static EmbeddedObjectStore start(StackSettings settings, LocalSecrets secrets) throws IOException {
        String accessKey = secrets.generated("object-store-access-key", InJvmS3::newAccessKey);
        String secretKey = secrets.generated("object-store-secret-key", InJvmS3::newSecretKey);
        List<String> webOrigins = List.of(
                Pattern.quote("http://localhost:" + settings.gatewayPort()),
                Pattern.quote("http://127.0.0.1:" + settings.gatewayPort()));
        InJvmS3 server = InJvmS3.start(new InJvmS3.Settings(settings.dataDir("object-store"),
                settings.objectStorePort(), accessKey, secretKey, webOrigins));
        try {
            server.ensureBucket(BUCKET);
        } catch (RuntimeException failure) {
            server.close();
            throw failure;
        }
        return new EmbeddedObjectStore(server);
    }

    String endpoint() {
        return server.endpoint().toString();
    }

    String accessKey() {
        return server.accessKey();
    }

    String secretKey() {
        return server.secretKey();
    }

    String region() {
        return server.region();
    }

    /** The {@code cohort.object-store.*} arguments of a service that keeps objects here. */
    List<String> serviceArguments() {
        return serviceArguments(BUCKET);
    }

    /** The arguments for a service with a bucket of its own (created at its start when missing). */
    List<String> serviceArguments(String bucket) {
        return List.of(
                "--cohort.object-store.endpoint=" + endpoint(),
                "--cohort.object-store.region=" + region(),
                "--cohort.object-store.access-key=" + accessKey(),
                "--cohort.object-store.secret-key=" + secretKey(),
                "--cohort.object-store.path-style=true",
                "--cohort.object-store.bucket=" + bucket);
    }

    @Override
    public void close() {
        server.close();
    }
}
