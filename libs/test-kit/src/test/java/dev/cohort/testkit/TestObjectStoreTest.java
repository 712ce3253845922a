package dev.cohort.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestObjectStoreTest {

    @Test
    void oneStorePerJvmOnLoopbackThatRefusesUnsignedRequests() throws Exception {
        TestObjectStore store = TestObjectStore.shared();

        assertThat(TestObjectStore.shared()).isSameAs(store);
        assertThat(store.endpoint()).isEqualTo("http://127.0.0.1:" + store.port());
        assertThat(store.accessKey()).matches("[A-Z0-9]{20}");
        assertThat(store.secretKey()).hasSize(40);

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(store.endpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("AccessDenied");
    }

    @Test
    void bucketNamesCarryTheHintAreValidAndUnique() {
        TestObjectStore store = TestObjectStore.shared();
        Set<String> buckets = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            buckets.add(store.newBucket("Avatar Upload_Test*"));
        }

        assertThat(buckets).hasSize(1_000)
                .allSatisfy(bucket -> assertThat(bucket).matches("test-avatar-upload-test-[0-9a-f]{8}"));
        assertThat(store.newBucket("A".repeat(200))).hasSizeLessThanOrEqualTo(63);
        assertThat(store.newBucket("***")).matches("test-bucket-[0-9a-f]{8}");
    }
}
