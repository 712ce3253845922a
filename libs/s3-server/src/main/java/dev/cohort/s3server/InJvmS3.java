package dev.cohort.s3server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * A real S3-compatible server inside this JVM: S3Proxy serving jclouds' filesystem blob store (a bucket is a
 * folder, an object a file), requests authenticated with AWS signatures (V2 or V4, presigned URLs included) against
 * one access key. Tests share one per JVM (the test kit's {@code TestObjectStore}); {@code ./cohort up} starts one on
 * a fixed port over {@code .cohort/data/object-store}, so objects survive restarts.
 */
public final class InJvmS3 implements AutoCloseable {

    /** S3Proxy accepts any region in a V4 signature's scope; clients sign with this one. */
    public static final String REGION = "us-east-1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Proxy proxy;
    private final BlobStoreContext blobStore;
    private final Settings settings;
    private final URI endpoint;

    private InJvmS3(S3Proxy proxy, BlobStoreContext blobStore, Settings settings, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.settings = settings;
        this.endpoint = endpoint;
    }

    /**
     * What the server is started with.
     *
     * @param directory   where buckets and objects are kept (created if missing)
     * @param port        TCP port on 127.0.0.1; 0 for a free one
     * @param accessKey   the one access key id requests must be signed with (no {@code /}: it is part of a V4 scope)
     * @param secretKey   its secret
     * @param corsOrigins origins (regular expressions) a browser may PUT, GET and HEAD from; empty for none
     */
    public record Settings(Path directory, int port, String accessKey, String secretKey, List<String> corsOrigins) {
        public Settings {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            if (accessKey.isBlank() || accessKey.contains("/")) {
                throw new IllegalArgumentException("an access key must be non-blank and without '/'");
            }
            if (secretKey.isBlank()) {
                throw new IllegalArgumentException("the secret key must not be blank");
            }
            corsOrigins = List.copyOf(corsOrigins);
        }

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Settings[directory=" + directory + ", port=" + port + ", accessKey=" + accessKey
                    + ", secretKey=****, corsOrigins=" + corsOrigins + "]";
        }
    }

    /** Starts a server; it listens when this returns. */
    public static InJvmS3 start(Settings settings) {
        try {
            Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the object store's folder " + settings.directory(), e);
        }
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, settings.directory().toAbsolutePath().toString());
        // Built from the API's metadata, not looked up by name: that lookup loads every provider S3Proxy declares
        // (Azure's among them), whose libraries this module leaves out.
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .overrides(overrides)
                .modules(Set.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + settings.port()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, settings.accessKey(), settings.secretKey());
        // Without rules of its own S3Proxy would answer every origin; no origins given means none.
        builder.corsRules(settings.corsOrigins().isEmpty()
                ? new CrossOriginResourceSharing(List.of(), List.of(), List.of(), List.of(), "false")
                : new CrossOriginResourceSharing(settings.corsOrigins(), List.of("GET", "HEAD", "PUT"), List.of("*"),
                        List.of("ETag"), "false"));
        S3Proxy proxy = builder.build();
        try {
            proxy.start();
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("S3Proxy did not start on port " + settings.port() + ": " + e.getMessage(), e);
        }
        return new InJvmS3(proxy, context, settings, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /** A fresh access key id: 20 upper-case letters and digits, like AWS's, never containing {@code /}. */
    public static String newAccessKey() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "COHORT" + HexFormat.of().formatHex(bytes).substring(0, 14).toUpperCase(Locale.ROOT);
    }

    /** A fresh secret: base64 of 30 random bytes (40 characters, as AWS's are). */
    public static String newSecretKey() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Creates {@code bucket} unless it exists (straight in the folder, no request). */
    public void ensureBucket(String bucket) {
        blobStore.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint for path-style requests. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public String accessKey() {
        return settings.accessKey();
    }

    public String secretKey() {
        return settings.secretKey();
    }

    public String region() {
        return REGION;
    }

    public Path directory() {
        return settings.directory();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop cleanly", e);
        } finally {
            blobStore.close();
        }
    }

    @Override
    public String toString() {
        return "InJvmS3[" + endpoint + " over " + settings.directory() + "]";
    }
}
