package dev.cohort.objectstore;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.object-store.*}: which S3-compatible store, which bucket, and with which credentials. Nothing secret
 * has a default: the keys come from the environment or the secret store ({@code COHORT_OBJECTSTORE_ACCESSKEY},
 * {@code COHORT_OBJECTSTORE_SECRETKEY}); the local stack and the test kit generate their own.
 *
 * @param endpoint       the store's URL, e.g. {@code http://127.0.0.1:19000}; unset for AWS S3 itself (regional endpoint)
 * @param publicEndpoint the URL browsers reach the store by, put into presigned URLs (the host is part of the
 *                       signature); unset when it is {@code endpoint}
 * @param region         signing region
 * @param accessKey      access key id; with {@code secretKey} unset too, the SDK's default credentials chain is used
 *                       (instance or pod roles)
 * @param secretKey      its secret
 * @param pathStyle      {@code http://host/bucket/key} instead of {@code http://bucket.host/key}; true for most
 *                       self-hosted stores (S3Proxy, MinIO)
 * @param bucket         the bucket this application keeps its objects in; required
 * @param createBucket   create the bucket at start when it is missing; false where the store is provisioned
 *                       separately (the start then fails on a missing bucket)
 * @param callTimeout    longest one store call may take, retries included
 */
@ConfigurationProperties("cohort.object-store")
public record CohortObjectStoreProperties(
        URI endpoint,
        URI publicEndpoint,
        @DefaultValue("us-east-1") String region,
        String accessKey,
        String secretKey,
        @DefaultValue("false") boolean pathStyle,
        String bucket,
        @DefaultValue("true") boolean createBucket,
        @DefaultValue("30s") Duration callTimeout) {

    public CohortObjectStoreProperties {
        accessKey = blankToNull(accessKey);
        secretKey = blankToNull(secretKey);
        bucket = blankToNull(bucket);
    }

    /** Stops the start with a message that says what to set, when something required is missing. */
    void requireComplete() {
        if (bucket == null) {
            throw new IllegalStateException("cohort.object-store.bucket is not set (environment: "
                    + "COHORT_OBJECTSTORE_BUCKET): the bucket this service keeps its objects in");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalStateException("cohort.object-store.access-key and cohort.object-store.secret-key are "
                    + "set together or not at all (environment: COHORT_OBJECTSTORE_ACCESSKEY, "
                    + "COHORT_OBJECTSTORE_SECRETKEY)");
        }
    }

    /** Where presigned URLs point. */
    URI presignEndpoint() {
        return publicEndpoint != null ? publicEndpoint : endpoint;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "CohortObjectStoreProperties[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region="
                + region + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "none" : "****")
                + ", pathStyle=" + pathStyle + ", bucket=" + bucket + ", createBucket=" + createBucket
                + ", callTimeout=" + callTimeout + "]";
    }
}
