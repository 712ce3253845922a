package dev.cohort.profile.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.objectstore.CohortObjectStoreAutoConfiguration;
import dev.cohort.objectstore.CohortObjectStoreProperties;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.domain.StoredAvatar;
import dev.cohort.testkit.MovableClock;
import dev.cohort.testkit.TestObjectStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned avatar URLs against the test kit's real S3 server: reused for half their validity, then signed anew. */
class AvatarUrlsTest {

    private static S3Client s3;
    private static S3Presigner presigner;
    private static ObjectStore store;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final AvatarUrls urls = new AvatarUrls(store, Duration.ofMinutes(10), clock);
    private final UUID owner = UUID.randomUUID();
    private final StoredAvatar avatar = new StoredAvatar(UUID.randomUUID(), "webp", Instant.parse("2026-12-01T00:00:00Z"));

    @BeforeAll
    static void startStore() {
        TestObjectStore server = TestObjectStore.shared();
        CohortObjectStoreProperties properties = new CohortObjectStoreProperties(URI.create(server.endpoint()), null,
                server.region(), server.accessKey(), server.secretKey(), true, server.newBucket("AvatarUrlsTest"), true,
                Duration.ofSeconds(30));
        s3 = CohortObjectStoreAutoConfiguration.s3Client(properties);
        presigner = CohortObjectStoreAutoConfiguration.s3Presigner(properties);
        store = new ObjectStore(s3, presigner, properties.bucket());
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        presigner.close();
    }

    @Test
    void aUrlIsReusedForHalfItsValidityThenSignedAnew() {
        ProfileView.AvatarView first = urls.of(owner, avatar);
        clock.advance(Duration.ofMinutes(4));
        ProfileView.AvatarView withinHalf = urls.of(owner, avatar);
        clock.advance(Duration.ofMinutes(2));
        ProfileView.AvatarView afterHalf = urls.of(owner, avatar);

        // Reused: the very string signed first. Signed anew: another string (equal in text when the SDK signs
        // within the same wall-clock second, so identity, not equality, tells).
        assertThat(withinHalf.url64()).isSameAs(first.url64());
        assertThat(afterHalf.url64()).isNotSameAs(first.url64());
        assertThat(first.url32()).isNotEqualTo(first.url256()).contains(owner.toString());
    }

    @Test
    void noAvatarNoUrls() {
        assertThat(urls.of(owner, null)).isNull();
    }
}
