package dev.cohort.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.auth.RevocationSignal;
import dev.cohort.auth.TokenDenyList;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.chat.MentionedUser;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.group.DisbandReason;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.group.JoinRequestRejected;
import dev.cohort.events.group.JoinRequested;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.moderation.ModerationAction;
import dev.cohort.events.moderation.ModerationActionTaken;
import dev.cohort.events.moderation.ReportOutcome;
import dev.cohort.events.moderation.ReportResolved;
import dev.cohort.events.moderation.ReportSubject;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.notification.events.UserRegistrations;
import dev.cohort.notification.v1.GetUnreadCountRequest;
import dev.cohort.notification.v1.KindPreference;
import dev.cohort.notification.v1.ListNotificationsRequest;
import dev.cohort.notification.v1.ListNotificationsResponse;
import dev.cohort.notification.v1.MarkAllReadRequest;
import dev.cohort.notification.v1.MarkReadRequest;
import dev.cohort.notification.v1.MuteConversationRequest;
import dev.cohort.notification.v1.Notification;
import dev.cohort.notification.v1.NotificationKind;
import dev.cohort.notification.v1.UnsubscribeRequest;
import dev.cohort.notification.v1.UpdatePreferencesRequest;
import dev.cohort.notification.v1.EmailSchedule;
import dev.cohort.notification.v1.GetPreferencesRequest;
import dev.cohort.redis.ChatPresence;
import dev.cohort.testkit.TestMail;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notification on a real Kafka broker, schema registry, PostgreSQL, Redis and SMTP server: each kind made from the
 * event that causes it, once however often the event arrives; preferences and mutes honoured; the live stream and
 * its resume; e-mail with its content, digests, retries after an SMTP failure, and the unsubscribe link.
 */
@SpringBootTest(classes = NotificationApplication.class,
        properties = "spring.config.name=" + NotificationApplication.CONFIG_NAME)
@Import(NotificationTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        NotificationTestSupport.register(registry, NotificationServiceTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RedissonClient redis;
    @Autowired
    TokenDenyList denyList;
    NotificationClient client;

    @BeforeAll
    void connect() {
        client = new NotificationClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    // ---- each kind from its event

    @Test
    void aMentionAndAMentionOfEveryoneInAChannelReachTheMembersButNotTheAuthor() throws Exception {
        UUID ada = registered("Ada");
        UUID bob = registered("Bob");
        UUID cy = registered("Cy");
        UUID outsider = registered("Outsider");
        UUID channel = conversation(ada, bob, cy);

        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, ada, "hi @Bob", false, bob,
                outsider));
        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, bob, "@everyone meet at 5",
                true));

        Notification toBob = awaitNotifications(bob, 1).get(0);
        assertThat(toBob.getKind()).isEqualTo(NotificationKind.NOTIFICATION_KIND_MENTION);
        assertThat(toBob.getTitle()).isEqualTo("Ada mentioned you");
        assertThat(toBob.getBody()).isEqualTo("hi @Bob");
        assertThat(toBob.getActorUserId()).isEqualTo(ada.toString());
        assertThat(toBob.getTarget().getConversationId()).isEqualTo(channel.toString());
        assertThat(awaitNotifications(ada, 1)).singleElement().satisfies(n ->
                assertThat(n.getTitle()).isEqualTo("Bob mentioned you"));
        assertThat(awaitNotifications(cy, 1)).singleElement().satisfies(n ->
                assertThat(n.getBody()).isEqualTo("@everyone meet at 5"));
        assertThat(client.list(outsider)).as("a mention of someone not in the conversation reaches nobody")
                .isEmpty();
        assertThat(client.list(bob)).as("the author of @everyone is not told").hasSize(1);
    }

    @Test
    void aDirectMessageNotifiesOnlyThoseNotConnectedToChat() throws Exception {
        UUID ada = registered("Ada Direct");
        UUID away = registered("Away");
        UUID online = registered("Online");
        UUID direct = conversation(ada, away, online);
        // What chat keeps while someone has a live stream open (ADR 24): one stream, lapsing in a minute.
        redis.getScoredSortedSet(ChatPresence.streamsKey(online), StringCodec.INSTANCE)
                .add(Instant.now().plusSeconds(60).toEpochMilli(), UUID.randomUUID().toString());

        publish(Topics.CHAT_MESSAGES, direct, message(direct, ConversationKind.DIRECT, ada, "are you there?", false));

        assertThat(awaitNotifications(away, 1)).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.NOTIFICATION_KIND_DIRECT_MESSAGE);
            assertThat(n.getTitle()).isEqualTo("Ada Direct sent you a message");
        });
        assertThat(client.list(online)).isEmpty();
        assertThat(client.list(ada)).isEmpty();
    }

    @Test
    void importedHistoryNotifiesAndEmailsNobodyWhileLaterMessagesDo() throws Exception {
        String address = TestMail.shared().newAddress("history");
        UUID reader = registered("History Reader", address);
        UUID writer = registered("History Writer");
        UUID channel = conversation(reader, writer);
        UUID direct = conversation(reader, writer);

        publish(Topics.CHAT_MESSAGES, channel, imported(message(channel, ConversationKind.CHANNEL, writer,
                "old @Reader", false, reader)));
        publish(Topics.CHAT_MESSAGES, channel, imported(message(channel, ConversationKind.CHANNEL, reader,
                "old @everyone", true)));
        publish(Topics.CHAT_MESSAGES, direct, imported(message(direct, ConversationKind.DIRECT, writer, "old direct",
                false)));
        // Sent messages after them on the same keys: once these are notified, the imported ones were handled.
        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, writer, "new @Reader", false,
                reader));
        publish(Topics.CHAT_MESSAGES, direct, message(direct, ConversationKind.DIRECT, writer, "new direct", false));

        List<Notification> told = Awaitility.await().atMost(PATIENCE).until(() -> client.list(reader),
                list -> list.stream().map(Notification::getBody).toList().containsAll(List.of("new @Reader",
                        "new direct")));
        assertThat(told).extracting(Notification::getBody).as("the mention and the direct message sent now, only")
                .containsExactlyInAnyOrder("new @Reader", "new direct");
        assertThat(client.list(writer)).as("an imported @everyone reaches nobody").isEmpty();
        String mailed = Awaitility.await().atMost(PATIENCE).until(() -> mailTexts(address),
                text -> text.contains("new @Reader") && text.contains("new direct"));
        assertThat(mailed).as("no e-mail tells of imported history").doesNotContain("old @Reader")
                .doesNotContain("old direct");
        assertThat(jdbc.queryForObject("select count(*) from notifications where user_id in (?, ?)", Integer.class,
                reader, writer)).isEqualTo(2);
    }

    @Test
    void groupEventsTellTheOwnerOfRequestsAndTheMembersOfAnswersHandoversAndTheEnd() throws Exception {
        UUID owner = registered("Owner");
        UUID asker = registered("Asker");
        UUID declined = registered("Declined");
        UUID group = UUID.randomUUID();
        UUID section = UUID.randomUUID();

        publish(Topics.GROUP_GROUPS, group, GroupCreated.newBuilder().setMetadata(metadata(group, "group"))
                .setGroupId(group.toString()).setSectionId(section.toString()).setName("Compilers study")
                .setDescription("").setVisibility(GroupVisibility.APPROVAL).setOwnerUserId(owner.toString())
                .setMaxMembers(5).setMemberListVersion(1).setMemberIds(List.of(owner.toString())).build());
        publish(Topics.GROUP_GROUPS, group, JoinRequested.newBuilder().setMetadata(metadata(group, "group"))
                .setGroupId(group.toString()).setSectionId(section.toString()).setRequestId(UUID.randomUUID()
                        .toString()).setUserId(asker.toString()).setOwnerUserId(owner.toString())
                .setMessage("May I join?").build());
        publish(Topics.GROUP_GROUPS, group, GroupMembershipChanged.newBuilder().setMetadata(metadata(group, "group"))
                .setGroupId(group.toString()).setSectionId(section.toString()).setUserId(asker.toString())
                .setChange(MembershipChange.JOINED).setChangedBy(owner.toString()).setOwnerUserId(owner.toString())
                .setMemberListVersion(2).setMemberIds(List.of(owner.toString(), asker.toString())).build());
        publish(Topics.GROUP_GROUPS, group, JoinRequestRejected.newBuilder().setMetadata(metadata(group, "group"))
                .setGroupId(group.toString()).setSectionId(section.toString()).setRequestId(UUID.randomUUID()
                        .toString()).setUserId(declined.toString()).setRejectedBy(owner.toString()).build());
        publish(Topics.GROUP_GROUPS, group, GroupOwnershipTransferred.newBuilder()
                .setMetadata(metadata(group, "group")).setGroupId(group.toString()).setSectionId(section.toString())
                .setPreviousOwnerUserId(owner.toString()).setNewOwnerUserId(asker.toString())
                .setTransferredBy(owner.toString()).setMemberListVersion(3)
                .setMemberIds(List.of(owner.toString(), asker.toString())).build());
        publish(Topics.GROUP_GROUPS, group, GroupDisbanded.newBuilder().setMetadata(metadata(group, "group"))
                .setGroupId(group.toString()).setSectionId(section.toString())
                .setReason(DisbandReason.OWNER_DISBANDED).setDisbandedBy(asker.toString()).setMemberListVersion(4)
                .setFormerMemberIds(List.of(owner.toString(), asker.toString())).build());

        List<Notification> toOwner = awaitNotifications(owner, 2);
        assertThat(toOwner).extracting(Notification::getKind).containsExactly(
                NotificationKind.NOTIFICATION_KIND_GROUP_DISBANDED, NotificationKind.NOTIFICATION_KIND_JOIN_REQUEST);
        assertThat(toOwner.get(1).getTitle()).isEqualTo("Asker asked to join \u201cCompilers study\u201d");
        assertThat(toOwner.get(1).getBody()).isEqualTo("May I join?");
        assertThat(toOwner.get(1).getTarget().getGroupId()).isEqualTo(group.toString());
        assertThat(awaitNotifications(asker, 2)).extracting(Notification::getKind).containsExactly(
                NotificationKind.NOTIFICATION_KIND_GROUP_HANDED_OVER, NotificationKind.NOTIFICATION_KIND_JOIN_APPROVED);
        assertThat(awaitNotifications(declined, 1)).extracting(Notification::getKind)
                .containsExactly(NotificationKind.NOTIFICATION_KIND_JOIN_REJECTED);
    }

    @Test
    void enrolmentsAndNewFollowersAreNotified() throws Exception {
        UUID student = registered("Student");
        UUID fan = registered("Fan");
        UUID section = UUID.randomUUID();

        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(student, section, EnrollmentChange.ENROLLED));
        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(student, section, EnrollmentChange.DROPPED));
        publish(Topics.PROFILE_RELATIONSHIPS, fan, UserFollowed.newBuilder().setMetadata(metadata(fan, "profile"))
                .setFollowerUserId(fan.toString()).setFollowedUserId(student.toString()).build());

        List<Notification> received = awaitNotifications(student, 3);
        assertThat(received).extracting(Notification::getKind).containsExactlyInAnyOrder(
                NotificationKind.NOTIFICATION_KIND_ENROLLMENT_CONFIRMED,
                NotificationKind.NOTIFICATION_KIND_ENROLLMENT_DROPPED, NotificationKind.NOTIFICATION_KIND_NEW_FOLLOWER);
        assertThat(received).filteredOn(n -> n.getKind() == NotificationKind.NOTIFICATION_KIND_NEW_FOLLOWER)
                .singleElement().satisfies(n -> {
                    assertThat(n.getTitle()).isEqualTo("Fan started following you");
                    assertThat(n.getTarget().getUserId()).isEqualTo(fan.toString());
                });
    }

    @Test
    void aReporterLearnsTheOutcomeAndThePersonActedOnIsToldWhyByMail() throws Exception {
        UUID reporter = registered("Careful Reporter");
        String address = TestMail.shared().newAddress("warned");
        UUID author = registered("Warned Author", address);
        UUID moderator = UUID.randomUUID();
        UUID report = UUID.randomUUID();

        publish(Topics.MODERATION_ACTIONS, author, ModerationActionTaken.newBuilder()
                .setMetadata(metadata(author, "moderation")).setAction(ModerationAction.USER_WARNED)
                .setTargetUserId(author.toString()).setModeratorUserId(moderator.toString())
                .setNote("Please keep to the course topic.").build());
        publish(Topics.MODERATION_ACTIONS, report, ReportResolved.newBuilder()
                .setMetadata(metadata(report, "moderation")).setReportId(report.toString())
                .setReporterUserId(reporter.toString()).setSubject(ReportSubject.MESSAGE)
                .setOutcome(ReportOutcome.WARNED).setResolvedBy(moderator.toString()).build());

        assertThat(awaitNotifications(reporter, 1)).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.NOTIFICATION_KIND_REPORT_RESOLVED);
            assertThat(n.getTitle()).isEqualTo("Moderators warned the author of the message you reported");
            assertThat(n.getActorUserId()).as("moderators stay unnamed").isEmpty();
        });
        assertThat(awaitNotifications(author, 1)).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.NOTIFICATION_KIND_MODERATION_NOTICE);
            assertThat(n.getTitle()).isEqualTo("A moderator warned you");
            assertThat(n.getBody()).isEqualTo("Please keep to the course topic.");
        });
        String mailed = Awaitility.await().atMost(PATIENCE).until(() -> mailTexts(address),
                text -> text.contains("Please keep to the course topic."));
        assertThat(mailed).contains("A moderator warned you").doesNotContain(moderator.toString());
    }

    @Test
    void aReplayedEventMakesNoSecondNotification() throws Exception {
        UUID followed = registered("Followed Once");
        UUID fan = UUID.randomUUID();
        UserFollowed follow = UserFollowed.newBuilder().setMetadata(metadata(fan, "profile"))
                .setFollowerUserId(fan.toString()).setFollowedUserId(followed.toString()).build();
        publish(Topics.PROFILE_RELATIONSHIPS, fan, follow);
        publish(Topics.PROFILE_RELATIONSHIPS, fan, follow);
        // A later event on the same key: once it is applied, both copies before it were handled.
        UUID marker = UUID.randomUUID();
        publish(Topics.PROFILE_RELATIONSHIPS, fan, UserFollowed.newBuilder().setMetadata(metadata(fan, "profile"))
                .setFollowerUserId(fan.toString()).setFollowedUserId(marker.toString()).build());
        awaitNotifications(marker, 1);

        assertThat(client.list(followed)).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from notifications where user_id = ?", Integer.class,
                followed)).isEqualTo(1);
    }

    // ---- reading

    @Test
    void listsPageNewestFirstCountUnreadAndMarkRead() throws Exception {
        UUID reader = registered("Reader");
        UUID other = registered("Other Reader");
        for (int i = 0; i < 5; i++) {
            follow(UUID.randomUUID(), reader);
        }
        follow(UUID.randomUUID(), other);
        awaitNotifications(reader, 5);
        long othersId = awaitNotifications(other, 1).get(0).getId();

        ListNotificationsResponse first = client.as(reader).listNotifications(ListNotificationsRequest.newBuilder()
                .setPageSize(2).build());
        assertThat(first.getNotificationsList()).extracting(Notification::getId).containsExactly(5L, 4L);
        ListNotificationsResponse second = client.as(reader).listNotifications(ListNotificationsRequest.newBuilder()
                .setPageSize(2).setPageToken(first.getNextPageToken()).build());
        assertThat(second.getNotificationsList()).extracting(Notification::getId).containsExactly(3L, 2L);

        assertThat(client.as(reader).markRead(MarkReadRequest.newBuilder().addIds(5).addIds(3).build())
                .getUnreadCount()).isEqualTo(3);
        assertThat(client.as(reader).listNotifications(ListNotificationsRequest.newBuilder().setUnreadOnly(true)
                .build()).getNotificationsList()).extracting(Notification::getId).containsExactly(4L, 2L, 1L);

        StatusRuntimeException notMine = GrpcFailures.failure(() -> client.as(reader).markRead(
                MarkReadRequest.newBuilder().addIds(4).addIds(othersId + 100).build()));
        assertThat(notMine.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcFailures.reason(notMine)).isEqualTo("NOTIFICATION_NOT_FOUND");
        assertThat(client.as(reader).getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnreadCount())
                .as("nothing was marked by the refused call").isEqualTo(3);

        StatusRuntimeException badToken = GrpcFailures.failure(() -> client.as(other).listNotifications(
                ListNotificationsRequest.newBuilder().setPageToken(first.getNextPageToken()).build()));
        assertThat(badToken.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        assertThat(client.as(reader).markAllRead(MarkAllReadRequest.newBuilder().setUpToId(2).build())
                .getUnreadCount()).isEqualTo(1);
        assertThat(client.as(reader).markAllRead(MarkAllReadRequest.getDefaultInstance()).getUnreadCount())
                .isZero();
        assertThat(client.as(other).getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnreadCount())
                .isEqualTo(1);
    }

    // ---- live

    @Test
    void subscribeReceivesANewNotificationWithinASecondAndResumesAfterTheLastSeenId() throws Exception {
        UUID watcher = registered("Watcher");
        follow(UUID.randomUUID(), watcher);
        follow(UUID.randomUUID(), watcher);
        awaitNotifications(watcher, 2);

        NotificationClient.Feed resumed = client.subscribe(NotificationClient.token(watcher), 1);
        assertThat(resumed.nextNotification(Duration.ofSeconds(10)).getId()).as("what came after id 1")
                .isEqualTo(2L);
        resumed.awaitCaughtUp();

        long sent = System.nanoTime();
        follow(UUID.randomUUID(), watcher);
        Notification live = resumed.nextNotification(Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(live.getId()).isEqualTo(3L);
        assertThat(took).as("from the event's publication to the stream").isLessThan(Duration.ofSeconds(1));
        resumed.cancel();
    }

    @Test
    void aSignedOutSessionsStreamEndsAsRevoked() throws Exception {
        UUID user = UUID.randomUUID();
        NotificationClient.Feed feed = client.subscribe(NotificationClient.token(user), 0);
        feed.awaitCaughtUp();

        denyList.revokeVersionsBelow(user.toString(), 1, Duration.ofMinutes(15));
        new RevocationSignal(redis).publish(user.toString());

        StatusRuntimeException ended = feed.awaitFailure();
        assertThat(ended.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(GrpcFailures.reason(ended)).isEqualTo("SESSION_REVOKED");
    }

    // ---- preferences and mutes

    @Test
    void aKindTurnedOffInTheAppAndAMutedConversationMakeNoNotification() throws Exception {
        UUID quiet = registered("Quiet");
        UUID talker = registered("Talker");
        UUID channel = conversation(quiet, talker);
        client.as(quiet).updatePreferences(UpdatePreferencesRequest.newBuilder().addKinds(KindPreference.newBuilder()
                .setKind(NotificationKind.NOTIFICATION_KIND_NEW_FOLLOWER).setInApp(false).setEmail(false)).build());
        client.as(quiet).muteConversation(MuteConversationRequest.newBuilder().setConversationId(channel.toString())
                .build());

        follow(UUID.randomUUID(), quiet);
        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, talker, "@Quiet look", false,
                quiet));
        // Then something still wanted, after both on their keys' partitions: enrolments are on by default.
        UUID section = UUID.randomUUID();
        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(quiet, section, EnrollmentChange.ENROLLED));
        awaitNotifications(quiet, 1);
        Awaitility.await().atMost(PATIENCE).until(() -> applied("notification-chat") && applied("notification-follows"));

        assertThat(client.list(quiet)).extracting(Notification::getKind)
                .containsExactly(NotificationKind.NOTIFICATION_KIND_ENROLLMENT_CONFIRMED);
        assertThat(client.as(quiet).getPreferences(GetPreferencesRequest.getDefaultInstance()).getKindsList())
                .filteredOn(kind -> kind.getKind() == NotificationKind.NOTIFICATION_KIND_NEW_FOLLOWER)
                .singleElement().satisfies(kind -> assertThat(kind.getInApp()).isFalse());
    }

    @Test
    void anUnknownTimeZoneIsRefusedAndChangesNothing() {
        UUID user = UUID.randomUUID();
        StatusRuntimeException refused = GrpcFailures.failure(() -> client.as(user).updatePreferences(
                UpdatePreferencesRequest.newBuilder().addKinds(KindPreference.newBuilder()
                        .setKind(NotificationKind.NOTIFICATION_KIND_MENTION).setInApp(false))
                        .setSchedule(EmailSchedule.newBuilder().setTimeZone("Mars/Olympus")).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(refused)).isEqualTo("INVALID_TIME_ZONE");
        assertThat(client.as(user).getPreferences(GetPreferencesRequest.getDefaultInstance()).getKindsList())
                .filteredOn(kind -> kind.getKind() == NotificationKind.NOTIFICATION_KIND_MENTION)
                .singleElement().satisfies(kind -> assertThat(kind.getInApp()).isTrue());
    }

    // ---- e-mail

    @Test
    void aMentionIsEmailedInPlainTextAndHtmlWithAWorkingUnsubscribeLink() throws Exception {
        String address = TestMail.shared().newAddress("mention");
        UUID reader = registered("Mail Reader", address);
        UUID writer = registered("Mail Writer");
        UUID channel = conversation(reader, writer);

        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, writer,
                "<b>@Reader</b> & the notes", false, reader));

        MimeMessage mail = TestMail.shared().awaitMessages(address, 1, PATIENCE).get(0);
        assertThat(mail.getSubject()).isEqualTo("Mail Writer mentioned you");
        Multipart parts = (Multipart) mail.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("Hello Mail Reader").contains("<b>@Reader</b> & the notes")
                .contains("http://cohort.test/notifications");
        assertThat(html).as("the message text is escaped, never markup")
                .contains("&lt;b&gt;@Reader&lt;/b&gt; &amp; the notes").doesNotContain("<b>@Reader");
        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

        String token = unsubscribeToken(text);
        assertThat(client.anonymous().unsubscribe(UnsubscribeRequest.newBuilder().setToken(token).build()).getKind())
                .isEqualTo(NotificationKind.NOTIFICATION_KIND_MENTION);
        assertThat(client.as(reader).getPreferences(GetPreferencesRequest.getDefaultInstance()).getKindsList())
                .filteredOn(kind -> kind.getKind() == NotificationKind.NOTIFICATION_KIND_MENTION)
                .singleElement().satisfies(kind -> {
                    assertThat(kind.getEmail()).isFalse();
                    assertThat(kind.getInApp()).as("only e-mail is turned off").isTrue();
                });
        StatusRuntimeException altered = GrpcFailures.failure(() -> client.anonymous().unsubscribe(
                UnsubscribeRequest.newBuilder().setToken(token.substring(0, token.length() - 2) + "AA").build()));
        assertThat(altered.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.reason(altered)).isEqualTo("INVALID_UNSUBSCRIBE_TOKEN");
    }

    @Test
    void aBurstOfMentionsBecomesOneDigest() throws Exception {
        String address = TestMail.shared().newAddress("digest");
        UUID reader = registered("Digest Reader", address);
        UUID writer = registered("Digest Writer");
        UUID channel = conversation(reader, writer);

        List<SpecificRecord> burst = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            burst.add(message(channel, ConversationKind.CHANNEL, writer, "point " + i, false, reader));
        }
        for (SpecificRecord message : burst) {
            publish(Topics.CHAT_MESSAGES, channel, message);
        }

        MimeMessage digest = TestMail.shared().awaitMessages(address, 1, PATIENCE).get(0);
        assertThat(digest.getSubject()).isEqualTo("3 new notifications on Cohort");
        String text = (String) ((Multipart) digest.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("point 1").contains("point 2").contains("point 3");
        Awaitility.await().atMost(PATIENCE).until(() -> emails(reader, "SENT") == 1);
        assertThat(TestMail.shared().messagesTo(address)).hasSize(1);
    }

    @Test
    void anEmailRefusedByTheSmtpServerIsRetriedAndArrivesOnce() throws Exception {
        String address = TestMail.shared().newAddress("retry");
        TestMail.shared().refuseNext(address, 2);
        UUID reader = registered("Retry Reader", address);
        UUID writer = registered("Retry Writer");
        UUID channel = conversation(reader, writer);

        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, writer, "try again", false,
                reader));

        TestMail.shared().awaitMessages(address, 1, PATIENCE);
        Awaitility.await().atMost(PATIENCE).until(() -> emails(reader, "SENT") == 1);
        assertThat(jdbc.queryForObject("select attempts from emails where user_id = ?", Integer.class, reader))
                .as("two refusals counted").isEqualTo(2);
        assertThat(TestMail.shared().messagesTo(address)).as("sent once after the refusals").hasSize(1);
    }

    @Test
    void quietHoursHoldEmailUntilTheyEndWhileTheAppShowsItAtOnce() throws Exception {
        String address = TestMail.shared().newAddress("quiet");
        UUID reader = registered("Night Owl", address);
        UUID writer = registered("Night Writer");
        UUID channel = conversation(reader, writer);
        int now = Instant.now().atZone(ZoneOffset.UTC).getHour() * 60 + Instant.now().atZone(ZoneOffset.UTC)
                .getMinute();
        client.as(reader).updatePreferences(UpdatePreferencesRequest.newBuilder().setSchedule(EmailSchedule
                .newBuilder().setTimeZone("UTC").setQuietStartMinute((now + 1440 - 60) % 1440)
                .setQuietEndMinute((now + 120) % 1440)).build());

        publish(Topics.CHAT_MESSAGES, channel, message(channel, ConversationKind.CHANNEL, writer, "at night", false,
                reader));

        awaitNotifications(reader, 1);
        Instant due = jdbc.queryForObject("select due_at from emails where user_id = ?", java.sql.Timestamp.class,
                reader).toInstant();
        assertThat(due).isAfter(Instant.now().plus(Duration.ofMinutes(100)));
        assertThat(TestMail.shared().messagesTo(address)).isEmpty();
    }

    // ---- helpers

    private UUID registered(String name) throws Exception {
        return registered(name, null);
    }

    private UUID registered(String name, String email) throws Exception {
        UUID user = UUID.randomUUID();
        UserRegistered registration = UserRegistered.newBuilder().setMetadata(metadata(user, "identity"))
                .setUserId(user.toString()).setEmail(email == null ? "u" + user.toString().substring(0, 8)
                        + "@example.org" : email).setDisplayName(name).setRoles(List.of("ROLE_STUDENT")).build();
        publish(UserRegistrations.TOPIC, user, registration);
        Awaitility.await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from recipients where user_id = ? and email is not null", Integer.class, user) == 1);
        return user;
    }

    /** A conversation with these members, as chat announces them. */
    private UUID conversation(UUID... members) throws Exception {
        UUID conversation = UUID.randomUUID();
        for (UUID member : members) {
            publish(Topics.CHAT_MESSAGES, conversation, MemberAdded.newBuilder()
                    .setMetadata(metadata(conversation, "chat")).setConversationId(conversation.toString())
                    .setUserId(member.toString()).setRole(MemberRole.MEMBER).setAddedBy(null).build());
        }
        Awaitility.await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from conversation_members where conversation_id = ?", Integer.class, conversation)
                == members.length);
        return conversation;
    }

    private void follow(UUID follower, UUID followed) throws Exception {
        publish(Topics.PROFILE_RELATIONSHIPS, follower, UserFollowed.newBuilder()
                .setMetadata(metadata(follower, "profile")).setFollowerUserId(follower.toString())
                .setFollowedUserId(followed.toString()).build());
    }

    private List<Notification> awaitNotifications(UUID user, int count) {
        return Awaitility.await().atMost(PATIENCE).until(() -> client.list(user), list -> list.size() >= count);
    }

    private boolean applied(String consumer) {
        return jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ?",
                Integer.class, consumer) > 0;
    }

    private int emails(UUID user, String state) {
        return jdbc.queryForObject("select count(*) from emails where user_id = ? and state = ?", Integer.class, user,
                state);
    }

    private static String unsubscribeToken(String text) {
        Matcher link = Pattern.compile("/v1/notifications:unsubscribe\\?token=(\\S+)").matcher(text);
        assertThat(link.find()).as("an unsubscribe link in:\n" + text).isTrue();
        return URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
    }

    private static MessagePosted message(UUID conversation, ConversationKind kind, UUID author, String text,
                                         boolean everyone, UUID... mentioned) {
        return MessagePosted.newBuilder().setMetadata(metadata(conversation, "chat"))
                .setConversationId(conversation.toString()).setConversationKind(kind)
                .setMessageId(UUID.randomUUID().toString()).setSequence(1).setAuthorUserId(author.toString())
                .setText(text).setMentions(java.util.Arrays.stream(mentioned).map(user -> MentionedUser.newBuilder()
                        .setUserId(user.toString()).setStart(0).setLength(1).build()).toList())
                .setThreadRootMessageId(null).setMentionsEveryone(everyone).build();
    }

    /** The same message as an admin's import of history marks it (ADR 59). */
    private static MessagePosted imported(MessagePosted message) {
        return MessagePosted.newBuilder(message).setMetadata(EventMetadata.newBuilder(message.getMetadata())
                .setOccurredAt(Instant.now().minus(Duration.ofDays(20))).build()).setImported(true).build();
    }

    /** The plain-text parts of every e-mail sent to {@code address}, one after another. */
    private static String mailTexts(String address) throws Exception {
        StringBuilder texts = new StringBuilder();
        for (MimeMessage mail : TestMail.shared().messagesTo(address)) {
            texts.append(((Multipart) mail.getContent()).getBodyPart(0).getContent()).append('\n');
        }
        return texts.toString();
    }

    private static EnrollmentChanged enrollment(UUID student, UUID section, EnrollmentChange change) {
        return EnrollmentChanged.newBuilder().setMetadata(metadata(section, "course")).setUserId(student.toString())
                .setSectionId(section.toString()).setCourseId(UUID.randomUUID().toString()).setChange(change).build();
    }

    private static void publish(String topic, UUID key, SpecificRecord event) throws Exception {
        TestEvents.publish(topic, key.toString(), event);
    }

    private static EventMetadata metadata(UUID aggregate, String producer) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }
}
