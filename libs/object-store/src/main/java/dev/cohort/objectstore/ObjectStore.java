package dev.cohort.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * One bucket of an S3-compatible store, through the AWS SDK v2: the few operations Cohort's services need.
 *
 * <p>Uploads from browsers never pass through a service: the service hands out a {@link #presignPut presigned PUT}
 * whose signature covers the object's key, its {@code Content-Type} and its exact {@code Content-Length}, then checks
 * what arrived ({@link #head}, {@link #get} with a limit) before using it. Downloads go the same way, through
 * {@link #presignGet short-lived presigned GETs}, or through the gateway.
 */
public final class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    /** SigV4 presigned URLs are valid for at most 7 days. */
    public static final Duration LONGEST_PRESIGNED_VALIDITY = Duration.ofDays(7);
    private static final int LONGEST_KEY_BYTES = 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public ObjectStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Makes sure the bucket exists: creates it when it is missing and {@code mayCreate}, and fails otherwise with
     * a message naming it.
     */
    public void ensureBucket(boolean mayCreate) {
        try {
            s3.headBucket(request -> request.bucket(bucket));
            return;
        } catch (NoSuchBucketException missing) {
            // created below
        } catch (S3Exception failure) {
            if (failure.statusCode() != 404) {
                throw new IllegalStateException("Cannot reach bucket " + bucket + " (HTTP " + failure.statusCode()
                        + "): " + failure.getMessage(), failure);
            }
        }
        if (!mayCreate) {
            throw new IllegalStateException("Bucket " + bucket + " does not exist, and "
                    + "cohort.object-store.create-bucket is false: create it, or let the service create it");
        }
        try {
            s3.createBucket(request -> request.bucket(bucket));
            log.info("Created bucket {}", bucket);
        } catch (BucketAlreadyOwnedByYouException raced) {
            // another replica created it first
        }
    }

    /**
     * A URL to PUT exactly {@code contentLength} bytes of type {@code contentType} to {@code key} within {@code ttl}.
     * Both headers are signed: a PUT with another type or another length does not match the signature. The store
     * may still enforce less than it is told (ADR 33): whoever uses the object checks it again.
     */
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Duration ttl) {
        requireKey(key);
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("a content type is required");
        }
        if (contentLength <= 0) {
            throw new IllegalArgumentException("content length must be positive, was " + contentLength);
        }
        requireTtl(ttl);
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(ttl)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType)
                        .contentLength(contentLength)));
        Map<String, List<String>> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values));
            }
        });
        return new PresignedUpload(toUri(presigned.url()), headers, presigned.expiration());
    }

    /** A URL to GET {@code key} within {@code ttl}; it answers 404 once the object is gone. */
    public PresignedDownload presignGet(String key, Duration ttl) {
        requireKey(key);
        requireTtl(ttl);
        PresignedGetObjectRequest presigned = presigner.presignGetObject(request -> request
                .signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        return new PresignedDownload(toUri(presigned.url()), presigned.expiration());
    }

    /** What the store knows of {@code key}, or empty when there is no such object. */
    public Optional<StoredObject> head(String key) {
        requireKey(key);
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new StoredObject(key, head.contentLength(), head.contentType(), head.eTag(),
                    head.lastModified()));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception failure) {
            if (failure.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * The bytes of {@code key}, or empty when there is no such object. Reads at most {@code maxBytes}: a larger
     * object is refused with {@link ObjectTooLargeException} (by its announced length, or, should that lie, once the
     * limit is passed), and its connection is dropped rather than drained.
     */
    public Optional<byte[]> get(String key, long maxBytes) {
        requireKey(key);
        if (maxBytes < 0 || maxBytes >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + (Integer.MAX_VALUE - 9));
        }
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3.getObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception failure) {
            if (failure.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure;
        }
        try (body) {
            Long announced = body.response().contentLength();
            if (announced != null && announced > maxBytes) {
                body.abort();
                throw new ObjectTooLargeException(key, maxBytes);
            }
            byte[] bytes = readAtMost(body, maxBytes + 1);
            if (bytes.length > maxBytes) {
                body.abort();
                throw new ObjectTooLargeException(key, maxBytes);
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read object " + key, e);
        }
    }

    /** Stores {@code bytes} under {@code key} (replacing what was there). */
    public void put(String key, byte[] bytes, String contentType) {
        put(key, bytes, contentType, null);
    }

    /** Stores {@code bytes} under {@code key} with a {@code Cache-Control} header for those who GET it. */
    public void put(String key, byte[] bytes, String contentType, String cacheControl) {
        requireKey(key);
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) bytes.length).cacheControl(cacheControl), RequestBody.fromBytes(bytes));
    }

    /**
     * The first key under {@code prefix} in the store's (lexicographic) listing order, or empty when there is none.
     * One listing request however many keys there are: callers that want "the newest" choose keys that sort so.
     */
    public Optional<String> firstKey(String prefix) {
        requireKey(prefix);
        return s3.listObjectsV2(request -> request.bucket(bucket).prefix(prefix).maxKeys(1)).contents().stream()
                .map(S3Object::key)
                .findFirst();
    }

    /** Removes {@code key}; nothing happens when it is already gone. */
    public void delete(String key) {
        requireKey(key);
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        return in.readNBytes((int) limit);
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an object key is required");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > LONGEST_KEY_BYTES) {
            throw new IllegalArgumentException("an object key has at most " + LONGEST_KEY_BYTES + " bytes");
        }
        if (key.startsWith("/") || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("an object key neither starts with '/' nor has control characters");
        }
    }

    private static void requireTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(LONGEST_PRESIGNED_VALIDITY) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for more than 0 s and at most 7 days, not "
                    + ttl);
        }
    }

    private static java.net.URI toUri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The SDK presigned a malformed URL", e);
        }
    }
}
