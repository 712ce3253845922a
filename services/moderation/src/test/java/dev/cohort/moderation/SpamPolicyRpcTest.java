package dev.cohort.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.GetSpamPolicyRequest;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.SetSpamPolicyRequest;
import dev.cohort.moderation.v1.SpamPolicy;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The spam policy moderation owns: the configured one is published in Redis at start (where chat reads it, see
 * chat's SpamPolicyTest), an admin replaces it, the change is in Redis at once and in the audit log with its actor,
 * and a policy without limits is refused.
 */
@SpringBootTest(classes = ModerationApplication.class,
        properties = {"spring.config.name=" + ModerationApplication.CONFIG_NAME,
                "cohort.moderation.spam.max-identical-messages=4", "cohort.moderation.spam.window=2m"})
@Import(ModerationTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpamPolicyRpcTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ModerationTestSupport.register(registry, SpamPolicyRpcTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    RedissonClient redis;
    ModerationClient client;
    final UUID admin = UUID.randomUUID();

    @BeforeAll
    void connect() {
        client = new ModerationClient(port.get());
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void theConfiguredPolicyIsPublishedAtStartAndAnAdminReplacesIt() {
        assertThat(dev.cohort.redis.SpamPolicy.current(redis)).contains(
                new dev.cohort.redis.SpamPolicy(4, 20, java.time.Duration.ofMinutes(2)));
        assertThat(client.admin(admin).getSpamPolicy(GetSpamPolicyRequest.getDefaultInstance()).getPolicy()
                .getMaxIdenticalMessages()).isEqualTo(4);

        SpamPolicy stricter = SpamPolicy.newBuilder().setMaxIdenticalMessages(2).setMaxLinks(3)
                .setWindow(Duration.newBuilder().setSeconds(30)).build();
        assertThat(client.admin(admin).setSpamPolicy(SetSpamPolicyRequest.newBuilder().setPolicy(stricter).build())
                .getPolicy()).isEqualTo(stricter);
        assertThat(dev.cohort.redis.SpamPolicy.current(redis)).contains(
                new dev.cohort.redis.SpamPolicy(2, 3, java.time.Duration.ofSeconds(30)));
        assertThat(client.admin(admin).getSpamPolicy(GetSpamPolicyRequest.getDefaultInstance()).getPolicy())
                .isEqualTo(stricter);

        List<AuditEntry> changes = client.admin(admin).listAuditEntries(ListAuditEntriesRequest.newBuilder()
                .setKind("moderation.SpamPolicyChanged").build()).getEntriesList();
        assertThat(changes).singleElement().satisfies(entry -> {
            assertThat(entry.getActorUserId()).isEqualTo(admin.toString());
            assertThat(entry.getDetails()).contains("\"max_identical_messages\": 2");
        });
    }

    @Test
    void aPolicyWithoutLimitsIsRefused() {
        StatusRuntimeException zero = GrpcFailures.failure(() -> client.admin(admin).setSpamPolicy(
                SetSpamPolicyRequest.newBuilder().setPolicy(SpamPolicy.newBuilder().setMaxIdenticalMessages(0)
                        .setMaxLinks(3).setWindow(Duration.newBuilder().setSeconds(30))).build()));
        assertThat(zero.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        StatusRuntimeException noWindow = GrpcFailures.failure(() -> client.admin(admin).setSpamPolicy(
                SetSpamPolicyRequest.newBuilder().setPolicy(SpamPolicy.newBuilder().setMaxIdenticalMessages(2)
                        .setMaxLinks(3)).build()));
        assertThat(noWindow.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
}
