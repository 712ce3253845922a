package dev.cohort.objectstore;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The {@link S3Client}, {@link S3Presigner} and {@link ObjectStore} of a Cohort application, from
 * {@code cohort.object-store.*}, for an application that names its bucket ({@code cohort.object-store.bucket}):
 * services sharing one JVM (the local stack) share a class path, and only those given a bucket get a store. The
 * bucket is ensured at start (created when missing, unless {@code create-bucket=false}). An application that needs
 * an {@link ObjectStore} and was given no bucket stops with a message saying what to set
 * ({@link ObjectStoreMissingFailureAnalyzer}).
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "cohort.object-store", name = "bucket")
@EnableConfigurationProperties(CohortObjectStoreProperties.class)
public class CohortObjectStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public S3Client cohortS3Client(CohortObjectStoreProperties properties) {
        return s3Client(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public S3Presigner cohortS3Presigner(CohortObjectStoreProperties properties) {
        return s3Presigner(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public ObjectStore cohortObjectStore(S3Client s3, S3Presigner presigner, CohortObjectStoreProperties properties) {
        properties.requireComplete();
        ObjectStore store = new ObjectStore(s3, presigner, properties.bucket());
        store.ensureBucket(properties.createBucket());
        return store;
    }

    /** The client for these properties; also for code that runs without Spring. */
    public static S3Client s3Client(CohortObjectStoreProperties properties) {
        properties.requireComplete();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .forcePathStyle(properties.pathStyle())
                // Checksums only where S3 requires them: the trailing-checksum uploads the SDK sends by default are
                // not understood by every S3-compatible store.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(properties.callTimeout()))
                .overrideConfiguration(override -> override.apiCallTimeout(properties.callTimeout()));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }

    /** The presigner for these properties: its URLs name {@code public-endpoint} when set. */
    public static S3Presigner s3Presigner(CohortObjectStoreProperties properties) {
        properties.requireComplete();
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(properties.pathStyle())
                        .checksumValidationEnabled(false).build());
        if (properties.presignEndpoint() != null) {
            builder.endpointOverride(properties.presignEndpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(CohortObjectStoreProperties properties) {
        if (properties.accessKey() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKey(),
                properties.secretKey()));
    }
}
