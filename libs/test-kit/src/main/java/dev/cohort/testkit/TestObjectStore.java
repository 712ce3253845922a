package dev.cohort.testkit;

import dev.cohort.s3server.InJvmS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible store for tests, one per JVM: S3Proxy (from Maven Central) inside the JVM, over a temporary
 * folder that is deleted when the JVM exits, on a free port, with an access key generated for this JVM. There is no
 * local or container mode: the server is a library, so it starts the same everywhere in about a second.
 *
 * <p>Tests never share objects: each asks for its own {@link #newBucket(String) bucket}.
 */
public final class TestObjectStore {
    private static final Logger log = LoggerFactory.getLogger(TestObjectStore.class);

    private static final Lazy<TestObjectStore> SHARED = new Lazy<>(TestObjectStore::start);

    private final InJvmS3 server;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();

    private TestObjectStore(InJvmS3 server) {
        this.server = server;
    }

    /** The store of this JVM, started on first use. */
    public static TestObjectStore shared() {
        return SHARED.get();
    }

    /** {@code http://127.0.0.1:<port>}: requests are path-style ({@code cohort.object-store.path-style=true}). */
    public String endpoint() {
        return server.endpoint().toString();
    }

    public int port() {
        return server.port();
    }

    public String region() {
        return server.region();
    }

    public String accessKey() {
        return server.accessKey();
    }

    public String secretKey() {
        return server.secretKey();
    }

    /**
     * A new bucket name {@code test-<hint>-<8 hex>}, lowercase, valid for S3. The bucket itself is not created:
     * the object-store auto-configuration creates it at start, as it does in production.
     */
    public String newBucket(String hint) {
        String bucket;
        do {
            bucket = "test-" + Names.forBucket(hint, 40) + "-" + Names.randomHex8();
        } while (!buckets.add(bucket));
        return bucket;
    }

    private static TestObjectStore start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("cohort-test-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for the test object store", e);
        }
        InJvmS3 server = InJvmS3.start(new InJvmS3.Settings(directory, 0, InJvmS3.newAccessKey(),
                InJvmS3.newSecretKey(), List.of()));
        JvmCleanup.stopServerAtExit("stop the test object store and delete " + directory, () -> {
            server.close();
            deleteRecursively(directory);
        });
        log.info("Cohort test kit: object store (S3Proxy, filesystem) on {} over {}", server.endpoint(), directory);
        return new TestObjectStore(server);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TestObjectStore[" + server + "]";
    }
}
