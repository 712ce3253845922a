package dev.cohort.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.ListAuditEntriesResponse;
import dev.cohort.moderation.v1.VerifyAuditLogRequest;
import dev.cohort.moderation.v1.VerifyAuditLogResponse;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import dev.cohort.moderation.app.Checkpointing;
import dev.cohort.moderation.domain.AuditCheckpoint;
import dev.cohort.moderation.store.AuditCheckpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit log as an admin sees it, fed by real events through Kafka: every event recorded once with its actor,
 * found by actor, subject, kind and time, paged with the shared tokens; the service's own connections cannot
 * rewrite it, and a row changed or removed behind its back (triggers bypassed, as a superuser could) is reported by
 * VerifyAuditLog at that entry.
 */
@SpringBootTest(classes = ModerationApplication.class,
        properties = "spring.config.name=" + ModerationApplication.CONFIG_NAME)
@Import(ModerationTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ModerationTestSupport.register(registry, AuditLogTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Checkpointing checkpointing;
    @Autowired
    AuditCheckpoints checkpoints;
    ModerationClient client;

    final UUID admin = UUID.randomUUID();
    final UUID student = UUID.randomUUID();
    final UUID conversation = UUID.randomUUID();
    UserSuspended suspended;

    @BeforeAll
    void seed() {
        client = new ModerationClient(port.get());
        MessagePosted posted = MessagePosted.newBuilder()
                .setMetadata(Events.metadata(conversation, "chat")).setConversationId(conversation.toString())
                .setConversationKind(ConversationKind.CHANNEL).setMessageId(UUID.randomUUID().toString())
                .setSequence(1).setAuthorUserId(student.toString()).setText("buy cheap watches at spam.example")
                .setMentions(List.of()).setThreadRootMessageId(null).setMentionsEveryone(false).build();
        Events.publish(Topics.CHAT_MESSAGES, conversation.toString(), posted);
        Events.publish(Topics.CHAT_MESSAGES, conversation.toString(), MessageDeleted.newBuilder()
                .setMetadata(Events.metadata(conversation, "chat")).setConversationId(conversation.toString())
                .setMessageId(posted.getMessageId()).setSequence(1).setDeletedBy(admin.toString()).build());
        suspended = UserSuspended.newBuilder().setMetadata(Events.metadata(student, "identity"))
                .setUserId(student.toString()).setReason("spam links").setSuspendedBy(admin.toString()).build();
        Events.publish(Topics.IDENTITY_USERS, student.toString(), suspended);
        // Kafka delivers at least once: the same event again must not make a second entry.
        Events.publish(Topics.IDENTITY_USERS, student.toString(), suspended);
        Awaitility.await().atMost(PATIENCE).until(() -> entries(ListAuditEntriesRequest.newBuilder()
                .setSubject(student.toString()).build()).size() == 1 && entries(ListAuditEntriesRequest.newBuilder()
                .setSubject(conversation.toString()).build()).size() == 2);
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void everyEventIsRecordedOnceWithItsActor() {
        List<AuditEntry> byAdmin = entries(ListAuditEntriesRequest.newBuilder().setActorUserId(admin.toString())
                .build());
        // Two topics: Kafka orders events within a partition only, so either may have been recorded first.
        assertThat(byAdmin).extracting(AuditEntry::getKind)
                .containsExactlyInAnyOrder("identity.UserSuspended", "chat.MessageDeleted");
        AuditEntry suspension = byAdmin.stream().filter(entry -> entry.getKind().equals("identity.UserSuspended"))
                .findFirst().orElseThrow();
        assertThat(suspension.getSubject()).isEqualTo(student.toString());
        assertThat(suspension.getEventId()).isEqualTo(suspended.getMetadata().getEventId().toString());
        assertThat(suspension.getDetails()).contains("\"reason\": \"spam links\"");
        assertThat(suspension.getHash()).hasSize(64);

        AuditEntry posted = entries(ListAuditEntriesRequest.newBuilder().setKind("chat.MessagePosted")
                .setSubject(conversation.toString()).build()).get(0);
        assertThat(posted.getActorUserId()).isEqualTo(student.toString());
        assertThat(posted.getDetails()).as("what people wrote stays with chat").doesNotContain("watches")
                .contains(posted.getSubject());
    }

    @Test
    void filtersByTimeAndPagesWithTokensBoundToTheFilters() {
        Timestamp occurred = entries(ListAuditEntriesRequest.newBuilder().setSubject(student.toString()).build())
                .get(0).getOccurredAt();
        Timestamp justAfter = occurred.toBuilder().setSeconds(occurred.getSeconds() + 1).build();
        assertThat(entries(ListAuditEntriesRequest.newBuilder().setSubject(student.toString())
                .setOccurredBefore(occurred).build())).isEmpty();
        assertThat(entries(ListAuditEntriesRequest.newBuilder().setSubject(student.toString())
                .setOccurredAfter(occurred).setOccurredBefore(justAfter).build())).hasSize(1);

        ListAuditEntriesRequest firstPage = ListAuditEntriesRequest.newBuilder().setActorUserId(admin.toString())
                .setPageSize(1).build();
        ListAuditEntriesResponse first = client.admin(admin).listAuditEntries(firstPage);
        ListAuditEntriesResponse second = client.admin(admin).listAuditEntries(firstPage.toBuilder()
                .setPageToken(first.getNextPageToken()).build());
        // Newest first, one a page: the two entries by the admin (from two topics, in either order), each once.
        assertThat(first.getEntriesList()).hasSize(1);
        assertThat(second.getEntriesList()).hasSize(1);
        assertThat(first.getEntries(0).getSequence()).isGreaterThan(second.getEntries(0).getSequence());
        assertThat(List.of(first.getEntries(0).getKind(), second.getEntries(0).getKind()))
                .containsExactlyInAnyOrder("identity.UserSuspended", "chat.MessageDeleted");
        assertThat(second.getNextPageToken()).isEmpty();

        StatusRuntimeException otherFilter = GrpcFailures.failure(() -> client.admin(admin).listAuditEntries(
                firstPage.toBuilder().setKind("chat.MessageDeleted").setPageToken(first.getNextPageToken()).build()));
        assertThat(otherFilter.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(otherFilter)).isEqualTo("INVALID_PAGE_TOKEN");
    }

    @Test
    void anEmptyTimeRangeIsRefused() {
        Timestamp at = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();
        StatusRuntimeException refused = GrpcFailures.failure(() -> client.admin(admin).listAuditEntries(
                ListAuditEntriesRequest.newBuilder().setOccurredAfter(at).setOccurredBefore(at).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(refused)).isEqualTo("INVALID_TIME_RANGE");
    }

    @Test
    void theServiceCannotRewriteOrRemoveEntries() {
        assertThatThrownBy(() -> jdbc.update("update audit_entries set details = '{}' where sequence = 1"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_entries where sequence = 1"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("truncate audit_entries"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(verify().getIntact()).isTrue();
    }

    @Test
    void anAlteredEntryIsDetectedWhereItWasAltered() {
        VerifyAuditLogResponse before = verify();
        assertThat(before.getIntact()).isTrue();
        assertThat(before.getEntriesChecked()).isGreaterThanOrEqualTo(3);
        long target = 2;
        String original = jdbc.queryForObject("select details from audit_entries where sequence = ?", String.class,
                target);

        bypassingTriggers("update audit_entries set details = '{\"reason\": \"nothing happened\"}' where sequence = "
                + target);
        VerifyAuditLogResponse altered = verify();
        assertThat(altered.getIntact()).isFalse();
        assertThat(altered.getFirstBrokenSequence()).isEqualTo(target);
        assertThat(altered.getProblem()).contains("altered");

        bypassingTriggers("update audit_entries set details = '" + original.replace("'", "''")
                + "' where sequence = " + target);
        assertThat(verify().getIntact()).isTrue();
    }

    @Test
    void aRemovedEntryIsDetectedWhereItWas() {
        long target = 1;
        Map<String, Object> row = jdbc.queryForMap("select * from audit_entries where sequence = ?", target);

        bypassingTriggers("delete from audit_entries where sequence = " + target);
        VerifyAuditLogResponse removed = verify();
        assertThat(removed.getIntact()).isFalse();
        assertThat(removed.getFirstBrokenSequence()).isEqualTo(target);
        assertThat(removed.getProblem()).contains("missing");

        putBack(row);
        assertThat(verify().getIntact()).isTrue();
    }

    @Test
    void removingTheNewestEntryIsDetectedToo() {
        long last = jdbc.queryForObject("select max(sequence) from audit_entries", Long.class);
        Map<String, Object> row = jdbc.queryForMap("select * from audit_entries where sequence = ?", last);

        bypassingTriggers("delete from audit_entries where sequence = " + last);
        VerifyAuditLogResponse removed = verify();
        assertThat(removed.getIntact()).isFalse();
        assertThat(removed.getFirstBrokenSequence()).isEqualTo(last);

        putBack(row);
        assertThat(verify().getIntact()).isTrue();
    }

    @Test
    void removingTheNewestEntriesTogetherWithTheHeadIsDetectedAgainstTheCheckpoint() {
        checkpointing.checkpoint();
        AuditCheckpoint anchored = checkpoints.newest().orElseThrow();
        long last = jdbc.queryForObject("select max(sequence) from audit_entries", Long.class);
        assertThat(anchored.sequence()).isEqualTo(last);
        Map<String, Object> row = jdbc.queryForMap("select * from audit_entries where sequence = ?", last);
        byte[] previousHash = (byte[]) row.get("previous_hash");

        // A superuser hides the newest entry and moves the head back to the one before: the chain and the head
        // agree again, only the checkpoint outside the database remembers.
        bypassingTriggers("delete from audit_entries where sequence = " + last);
        jdbc.update("update audit_head set last_sequence = ?, last_hash = ?", last - 1, previousHash);
        VerifyAuditLogResponse removed = verify();

        assertThat(removed.getIntact()).isFalse();
        assertThat(removed.getFirstBrokenSequence()).isEqualTo(last);
        assertThat(removed.getProblem()).contains("checkpoint").contains("missing");

        putBack(row);
        jdbc.update("update audit_head set last_sequence = ?, last_hash = ?", last, row.get("hash"));
        assertThat(verify().getIntact()).isTrue();
    }

    @Test
    void aCheckpointIsNeverOverwritten() {
        checkpointing.checkpoint();
        AuditCheckpoint head = checkpoints.newest().orElseThrow();
        AuditCheckpoint forged = new AuditCheckpoint(head.sequence(), new byte[32], head.takenAt().plusSeconds(60));

        assertThat(checkpoints.write(forged)).isFalse();
        assertThat(checkpoints.newest()).hasValueSatisfying(kept -> {
            assertThat(kept.sequence()).isEqualTo(head.sequence());
            assertThat(kept.hash()).isEqualTo(head.hash());
        });
    }

    /** Inserts a removed entry's row again, as it was. */
    private void putBack(Map<String, Object> row) {
        jdbc.update("insert into audit_entries (sequence, kind, actor_user_id, subject, occurred_at, recorded_at, "
                        + "event_id, details, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.get("sequence"), row.get("kind"), row.get("actor_user_id"), row.get("subject"),
                row.get("occurred_at"), row.get("recorded_at"), row.get("event_id"), row.get("details"),
                row.get("previous_hash"), row.get("hash"));
    }

    /** Runs {@code sql} on one connection with triggers off, as only a superuser can. */
    private void bypassingTriggers(String sql) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set session_replication_role = replica");
                try {
                    statement.execute(sql);
                } finally {
                    statement.execute("set session_replication_role = origin");
                }
            }
            return null;
        });
    }

    private VerifyAuditLogResponse verify() {
        return client.admin(admin).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance());
    }

    private List<AuditEntry> entries(ListAuditEntriesRequest request) {
        return client.admin(admin).listAuditEntries(request.toBuilder().setPageSize(200).build()).getEntriesList();
    }
}
