package dev.cohort.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import dev.cohort.events.Topics;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.moderation.ModerationActionTaken;
import dev.cohort.events.moderation.ReportResolved;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.ListOpenReportsRequest;
import dev.cohort.moderation.v1.Report;
import dev.cohort.moderation.v1.ReportMessageRequest;
import dev.cohort.moderation.v1.ReportOutcome;
import dev.cohort.moderation.v1.ReportProfileRequest;
import dev.cohort.moderation.v1.ReportSubject;
import dev.cohort.moderation.v1.ResolveReportRequest;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reports as members and moderators see them, with chat's members and messages known from real events: who may
 * report what (NOT_FOUND exactly like a missing message otherwise), the per-member limit, the open queue for admins
 * and conversation owners, and resolutions that need no other service (dismiss, warn): recorded in the audit log
 * with the moderator as actor, published for the reporter, and refused when they do not fit.
 */
@SpringBootTest(classes = ModerationApplication.class,
        properties = {"spring.config.name=" + ModerationApplication.CONFIG_NAME,
                "cohort.moderation.reports-per-window=3"})
@Import(ModerationTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsTest {

    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ModerationTestSupport.register(registry, ReportsTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    ModerationClient client;

    final UUID admin = UUID.randomUUID();
    final UUID owner = UUID.randomUUID();
    final UUID member = UUID.randomUUID();
    final UUID author = UUID.randomUUID();
    final UUID outsider = UUID.randomUUID();
    final UUID conversation = UUID.randomUUID();
    UUID message;
    UUID otherMessage;

    @BeforeAll
    void seed() {
        client = new ModerationClient(port.get());
        for (UUID user : List.of(owner, member, author, outsider)) {
            Events.registered(user);
        }
        Events.joined(conversation, owner, MemberRole.OWNER);
        Events.joined(conversation, member, MemberRole.MEMBER);
        Events.joined(conversation, author, MemberRole.MEMBER);
        message = Events.posted(conversation, author, 1, "rude words");
        otherMessage = Events.posted(conversation, author, 2, "more rude words");
        // The facts are in once a member can report the last message.
        Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> reportMessage(member, otherMessage,
                "spam") != null);
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aMemberReportsAMessageTheySee() {
        Report report = reportMessage(member, message, "insults");
        assertThat(report.getSubject()).isEqualTo(ReportSubject.REPORT_SUBJECT_MESSAGE);
        assertThat(report.getReporterUserId()).isEqualTo(member.toString());
        assertThat(report.getReportedUserId()).isEqualTo(author.toString());
        assertThat(report.getConversationId()).isEqualTo(conversation.toString());
        assertThat(report.getMessageSequence()).isEqualTo(1);
        assertThat(report.getOutcome()).isEqualTo(ReportOutcome.REPORT_OUTCOME_UNSPECIFIED);
    }

    @Test
    void aMessageTheCallerCannotSeeIsNotFoundLikeOneThatDoesNotExist() {
        StatusRuntimeException hidden = GrpcFailures.failure(() -> reportMessage(outsider, message, "looks bad"));
        StatusRuntimeException missing = GrpcFailures.failure(() -> reportMessage(member, UUID.randomUUID(), "x"));
        assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcFailures.reason(hidden)).isEqualTo(GrpcFailures.reason(missing));
    }

    @Test
    void profilesOfOthersCanBeReportedButNotOnesOwnNorUnknownPeople() {
        Report report = client.as(outsider).reportProfile(ReportProfileRequest.newBuilder()
                .setUserId(author.toString()).setReason("impersonation").build()).getReport();
        assertThat(report.getSubject()).isEqualTo(ReportSubject.REPORT_SUBJECT_PROFILE);
        assertThat(report.getReportedUserId()).isEqualTo(author.toString());

        StatusRuntimeException self = GrpcFailures.failure(() -> client.as(outsider).reportProfile(
                ReportProfileRequest.newBuilder().setUserId(outsider.toString()).setReason("me").build()));
        assertThat(self.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(self)).isEqualTo("CANNOT_REPORT_SELF");
        StatusRuntimeException unknown = GrpcFailures.failure(() -> client.as(outsider).reportProfile(
                ReportProfileRequest.newBuilder().setUserId(UUID.randomUUID().toString()).setReason("x").build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aMemberWhoReportsTooOftenIsSlowedWithRetryInfo() {
        UUID eager = UUID.randomUUID();
        Events.registered(eager);
        Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> client.as(eager).reportProfile(
                ReportProfileRequest.newBuilder().setUserId(author.toString()).setReason("1").build()) != null);
        for (int i = 2; i <= 3; i++) {
            client.as(eager).reportProfile(ReportProfileRequest.newBuilder().setUserId(author.toString())
                    .setReason(String.valueOf(i)).build());
        }
        StatusRuntimeException limited = GrpcFailures.failure(() -> client.as(eager).reportProfile(
                ReportProfileRequest.newBuilder().setUserId(author.toString()).setReason("4").build()));
        assertThat(limited.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcFailures.reason(limited)).isEqualTo("REPORT_RATE_LIMITED");
        assertThat(GrpcFailures.detail(limited, RetryInfo.class).getRetryDelay().getSeconds()).isPositive();
    }

    @Test
    void adminsSeeEveryOpenReportOwnersThoseOfTheirConversationsMembersNone() {
        Report aboutMessage = reportMessage(author, otherMessage, "my own message, reported by mistake");
        Report aboutProfile = client.as(member).reportProfile(ReportProfileRequest.newBuilder()
                .setUserId(owner.toString()).setReason("odd profile").build()).getReport();

        assertThat(openIds(client.admin(admin))).contains(aboutMessage.getReportId(), aboutProfile.getReportId());
        assertThat(openIds(client.as(owner))).contains(aboutMessage.getReportId())
                .doesNotContain(aboutProfile.getReportId());
        assertThat(openIds(client.as(member))).isEmpty();
    }

    @Test
    void openReportsPageOldestFirst() {
        var firstPage = client.admin(admin).listOpenReports(ListOpenReportsRequest.newBuilder().setPageSize(1).build());
        assertThat(firstPage.getReportsList()).hasSize(1);
        assertThat(firstPage.getNextPageToken()).isNotEmpty();
        var secondPage = client.admin(admin).listOpenReports(ListOpenReportsRequest.newBuilder().setPageSize(1)
                .setPageToken(firstPage.getNextPageToken()).build());
        assertThat(secondPage.getReports(0).getCreateTime().getSeconds())
                .isGreaterThanOrEqualTo(firstPage.getReports(0).getCreateTime().getSeconds());
        assertThat(secondPage.getReports(0).getReportId()).isNotEqualTo(firstPage.getReports(0).getReportId());
        StatusRuntimeException foreignToken = GrpcFailures.failure(() -> client.as(owner).listOpenReports(
                ListOpenReportsRequest.newBuilder().setPageToken(firstPage.getNextPageToken()).build()));
        assertThat(GrpcFailures.reason(foreignToken)).isEqualTo("INVALID_PAGE_TOKEN");
    }

    @Test
    void aWarningIsRecordedWithItsModeratorAndTheReporterLearnsTheOutcome() {
        Report report = reportMessage(owner, message, "harassment");
        Report resolved = client.admin(admin).resolveReport(ResolveReportRequest.newBuilder()
                .setReportId(report.getReportId()).setOutcome(ReportOutcome.REPORT_OUTCOME_WARNED)
                .setNote("first warning").build()).getReport();
        assertThat(resolved.getOutcome()).isEqualTo(ReportOutcome.REPORT_OUTCOME_WARNED);
        assertThat(resolved.getResolvedByUserId()).isEqualTo(admin.toString());
        assertThat(resolved.getResolutionNote()).isEqualTo("first warning");
        assertThat(openIds(client.admin(admin))).doesNotContain(report.getReportId());

        // In the audit log at once, with the moderator as actor.
        List<AuditEntry> byModerator = client.admin(admin).listAuditEntries(ListAuditEntriesRequest.newBuilder()
                .setActorUserId(admin.toString()).setPageSize(200).build()).getEntriesList();
        assertThat(byModerator).extracting(AuditEntry::getKind)
                .contains("moderation.ReportResolved", "moderation.ModerationActionTaken");
        assertThat(byModerator).filteredOn(entry -> entry.getKind().equals("moderation.ReportResolved"))
                .extracting(AuditEntry::getSubject).contains(report.getReportId());

        // Published for the reporter (and the warned person).
        var published = TestEvents.readDecodedUntil(Topics.MODERATION_ACTIONS, records -> records.stream().anyMatch(
                record -> record.value() instanceof ReportResolved done
                        && done.getReportId().toString().equals(report.getReportId())));
        ReportResolved done = published.stream().map(record -> record.value())
                .filter(ReportResolved.class::isInstance).map(ReportResolved.class::cast)
                .filter(event -> event.getReportId().toString().equals(report.getReportId())).findFirst().orElseThrow();
        assertThat(done.getReporterUserId().toString()).isEqualTo(owner.toString());
        assertThat(done.getOutcome().name()).isEqualTo("WARNED");
        assertThat(published).extracting(record -> record.value()).anyMatch(event ->
                event instanceof ModerationActionTaken action && action.getReportId() != null
                        && action.getReportId().toString().equals(report.getReportId())
                        && action.getTargetUserId().toString().equals(author.toString()));

        StatusRuntimeException again = GrpcFailures.failure(() -> client.admin(admin).resolveReport(
                ResolveReportRequest.newBuilder().setReportId(report.getReportId())
                        .setOutcome(ReportOutcome.REPORT_OUTCOME_DISMISSED).setNote("changed my mind").build()));
        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(GrpcFailures.reason(again)).isEqualTo("REPORT_ALREADY_RESOLVED");
    }

    @Test
    void resolutionsThatDoNotFitAreRefused() {
        Report profile = client.as(owner).reportProfile(ReportProfileRequest.newBuilder()
                .setUserId(author.toString()).setReason("spam profile").build()).getReport();
        StatusRuntimeException removal = GrpcFailures.failure(() -> client.admin(admin).resolveReport(
                ResolveReportRequest.newBuilder().setReportId(profile.getReportId())
                        .setOutcome(ReportOutcome.REPORT_OUTCOME_MESSAGE_REMOVED).setNote("remove").build()));
        assertThat(removal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(removal)).isEqualTo("NOT_A_MESSAGE_REPORT");

        StatusRuntimeException duration = GrpcFailures.failure(() -> client.admin(admin).resolveReport(
                ResolveReportRequest.newBuilder().setReportId(profile.getReportId())
                        .setOutcome(ReportOutcome.REPORT_OUTCOME_WARNED).setNote("warn")
                        .setSuspension(Duration.newBuilder().setSeconds(3600)).build()));
        assertThat(GrpcFailures.reason(duration)).isEqualTo("SUSPENSION_NOT_FOR_OUTCOME");

        StatusRuntimeException noNote = GrpcFailures.failure(() -> client.admin(admin).resolveReport(
                ResolveReportRequest.newBuilder().setReportId(profile.getReportId())
                        .setOutcome(ReportOutcome.REPORT_OUTCOME_DISMISSED).build()));
        assertThat(noNote.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        StatusRuntimeException unknown = GrpcFailures.failure(() -> client.admin(admin).resolveReport(
                ResolveReportRequest.newBuilder().setReportId(UUID.randomUUID().toString())
                        .setOutcome(ReportOutcome.REPORT_OUTCOME_DISMISSED).setNote("x").build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    private Report reportMessage(UUID reporter, UUID messageId, String reason) {
        return client.as(reporter).reportMessage(ReportMessageRequest.newBuilder().setMessageId(messageId.toString())
                .setReason(reason).build()).getReport();
    }

    private List<String> openIds(dev.cohort.moderation.v1.ModerationServiceGrpc.ModerationServiceBlockingStub stub) {
        return stub.listOpenReports(ListOpenReportsRequest.newBuilder().setPageSize(100).build()).getReportsList()
                .stream().map(Report::getReportId).toList();
    }
}
