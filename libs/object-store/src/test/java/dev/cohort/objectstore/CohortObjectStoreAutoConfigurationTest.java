package dev.cohort.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.testkit.TestObjectStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class CohortObjectStoreAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CohortObjectStoreAutoConfiguration.class));

    private static String[] storeProperties(String bucket) {
        TestObjectStore server = TestObjectStore.shared();
        return new String[] {
            "cohort.object-store.endpoint=" + server.endpoint(),
            "cohort.object-store.region=" + server.region(),
            "cohort.object-store.access-key=" + server.accessKey(),
            "cohort.object-store.secret-key=" + server.secretKey(),
            "cohort.object-store.path-style=true",
            "cohort.object-store.bucket=" + bucket};
    }

    @Test
    void createsTheBucketAtStartAndServesIt() {
        String bucket = TestObjectStore.shared().newBucket("autoconfig");
        runner.withPropertyValues(storeProperties(bucket)).run(context -> {
            assertThat(context).hasSingleBean(S3Client.class).hasSingleBean(S3Presigner.class)
                    .hasSingleBean(ObjectStore.class);
            ObjectStore store = context.getBean(ObjectStore.class);
            assertThat(store.bucket()).isEqualTo(bucket);
            store.put("hello.txt", "hi".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(store.head("hello.txt")).isPresent();
        });
        // A second start finds the bucket there and its objects kept.
        runner.withPropertyValues(storeProperties(bucket)).run(context ->
                assertThat(context.getBean(ObjectStore.class).head("hello.txt")).isPresent());
    }

    @Test
    void anApplicationGivenNoBucketGetsNoStore() {
        // Services sharing the local stack's JVM share its class path: only those given a bucket get a store.
        runner.withPropertyValues("cohort.object-store.endpoint=" + TestObjectStore.shared().endpoint()).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(ObjectStore.class).doesNotHaveBean(S3Client.class)
                        .doesNotHaveBean(S3Presigner.class));
    }

    @Test
    void anApplicationThatNeedsAStoreAndWasGivenNoBucketIsToldWhatToSet() {
        runner.withUserConfiguration(NeedsAStore.class).run(context -> {
            assertThat(context).hasFailed();
            org.springframework.boot.diagnostics.FailureAnalysis analysis = new ObjectStoreMissingFailureAnalyzer()
                    .analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("cohort.object-store.bucket is not set");
            assertThat(analysis.getAction()).contains("COHORT_OBJECTSTORE_BUCKET");
        });
        assertThat(new ObjectStoreMissingFailureAnalyzer().analyze(
                new org.springframework.beans.factory.NoSuchBeanDefinitionException(String.class))).isNull();
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class NeedsAStore {
        @org.springframework.context.annotation.Bean
        String avatarUploads(ObjectStore store) {
            return store.bucket();
        }
    }

    @Test
    void refusesAnAccessKeyWithoutItsSecret() {
        runner.withPropertyValues("cohort.object-store.bucket=some-bucket", "cohort.object-store.access-key=AKID")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("set together or not at all");
                });
    }

    @Test
    void withBucketCreationOffAMissingBucketStopsTheStart() {
        String bucket = TestObjectStore.shared().newBucket("provisioned");
        runner.withPropertyValues(storeProperties(bucket)).withPropertyValues("cohort.object-store.create-bucket=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("Bucket " + bucket + " does not exist");
                });
    }

    @Test
    void wrongCredentialsStopTheStart() {
        String bucket = TestObjectStore.shared().newBucket("forged");
        runner.withPropertyValues(storeProperties(bucket))
                .withPropertyValues("cohort.object-store.secret-key=not-the-secret").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("403");
                });
    }

    @Test
    void neverPrintsTheSecret() {
        CohortObjectStoreProperties properties = ObjectStoreTest.properties("any");
        assertThat(properties.toString()).doesNotContain(properties.secretKey()).contains("****");
    }
}
