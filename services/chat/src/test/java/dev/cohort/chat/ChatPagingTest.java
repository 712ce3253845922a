package dev.cohort.chat;

import static dev.cohort.testkit.grpc.GrpcFailures.detail;
import static dev.cohort.testkit.grpc.GrpcFailures.failure;
import static dev.cohort.testkit.grpc.GrpcFailures.reason;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.ListConversationsResponse;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.PageTokenKey;
import dev.cohort.paging.TimeAndId;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Page tokens and caller ids through the real service: only tokens chat issued, for this list, these filters and
 * this caller, are accepted; every other one is INVALID_ARGUMENT (INVALID_PAGE_TOKEN on {@code page_token}), never
 * INTERNAL. And a validly signed token whose subject is not a user id is UNAUTHENTICATED.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatPagingTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, ChatPagingTest.class, false);
    }

    @Autowired
    BoundGrpcPort port;
    ChatClient client;

    @BeforeAll
    void connect() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void pagingWalksEveryConversationExactlyOnce() {
        UUID me = UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(channel(me).getConversationId());
        }

        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListConversationsResponse page = client.as(me).listConversations(ListConversationsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            page.getConversationsList().forEach(conversation -> seen.add(conversation.getConversationId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void theChannelDirectoryListsEachPublicChannelOnceToAnyoneAndNeverAPrivateOrArchivedOne() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        List<String> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(channel(owner).getConversationId());
        }
        String hidden = client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("private " + UUID.randomUUID())
                .setPrivate(true).build()).getConversation().getConversationId();
        String archived = channel(owner).getConversationId();
        client.as(owner).archiveConversation(dev.cohort.chat.v1.ArchiveConversationRequest.newBuilder()
                .setConversationId(archived).build());

        List<Conversation> seen = new ArrayList<>();
        String token = "";
        do {
            var page = client.as(stranger).listPublicChannels(dev.cohort.chat.v1.ListPublicChannelsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            seen.addAll(page.getChannelsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        List<String> ids = seen.stream().map(Conversation::getConversationId).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(open).doesNotContain(hidden, archived);
        assertThat(seen).allSatisfy(channel -> {
            assertThat(channel.getKind()).isEqualTo(dev.cohort.chat.v1.ConversationKind.CONVERSATION_KIND_CHANNEL);
            assertThat(channel.getPrivate()).isFalse();
            assertThat(channel.getArchived()).isFalse();
            assertThat(channel.getUnreadCount()).isZero();
        });
        StatusRuntimeException othersToken = failure(() -> client.as(stranger).listPublicChannels(
                dev.cohort.chat.v1.ListPublicChannelsRequest.newBuilder().setPageToken(firstPageToken(owner, false)).build()));
        assertInvalidPageToken("a token of another list", othersToken);
    }

    @Test
    void refusesEveryPageTokenItDidNotIssueOnListConversations() {
        UUID me = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            channel(me);
            channel(other);
        }
        String mine = firstPageToken(me, false);
        String othersValid = firstPageToken(other, false);
        PageQuery myQuery = PageQuery.of("chat.conversations", me).with("include_archived", false);
        String forged = new PageTokenCodec(randomKey(), Clock.systemUTC(), Duration.ofHours(1))
                .encode(myQuery, TimeAndId.FORMAT, new TimeAndId(Instant.now(), UUID.randomUUID()));

        Map<String, String> refused = Map.of(
                "garbage", "bm90LWEtdG9rZW4",
                "not base64", "not a token!",
                "the old unsigned format, far in the future", oldUnsignedActivityToken(),
                "signed with another key", forged,
                "altered", alter(mine),
                "truncated", mine.substring(0, mine.length() - 3),
                "another caller's valid token", othersValid);
        refused.forEach((kind, token) -> {
            StatusRuntimeException error = failure(() -> client.as(me).listConversations(
                    ListConversationsRequest.newBuilder().setPageSize(1).setPageToken(token).build()));
            assertInvalidPageToken(kind, error);
        });

        StatusRuntimeException otherFilter = failure(() -> client.as(me).listConversations(
                ListConversationsRequest.newBuilder().setIncludeArchived(true).setPageToken(mine).build()));
        assertInvalidPageToken("another filter's token", otherFilter);
        assertThat(client.as(me).listConversations(ListConversationsRequest.newBuilder().setPageSize(1)
                .setPageToken(mine).build()).getConversationsCount()).as("the issued token still works").isEqualTo(1);
    }

    @Test
    void aSignedTokenWhoseSubjectIsNotAUserIdIsUnauthenticated() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + ChatTestSupport.TOKENS.token("not-a-user-id", "STUDENT"));
        var stub = ChatServiceGrpc.newBlockingStub(client.channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

        StatusRuntimeException list = failure(() -> stub.listConversations(ListConversationsRequest.getDefaultInstance()));
        StatusRuntimeException create = failure(() -> stub.createChannel(CreateChannelRequest.newBuilder()
                .setName("study " + UUID.randomUUID()).build()));

        for (StatusRuntimeException error : List.of(list, create)) {
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(reason(error)).isEqualTo("INVALID_SUBJECT");
        }
    }

    static void assertInvalidPageToken(String kind, StatusRuntimeException error) {
        assertThat(error.getStatus().getCode()).as(kind).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).as(kind).isEqualTo("INVALID_PAGE_TOKEN");
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).as(kind)
                .extracting(BadRequest.FieldViolation::getField).containsExactly("page_token");
    }

    private String firstPageToken(UUID caller, boolean includeArchived) {
        String token = client.as(caller).listConversations(ListConversationsRequest.newBuilder().setPageSize(1)
                .setIncludeArchived(includeArchived).build()).getNextPageToken();
        assertThat(token).isNotEmpty();
        return token;
    }

    private Conversation channel(UUID owner) {
        return client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("study " + UUID.randomUUID())
                .build()).getConversation();
    }

    /** Chat's tokens before the shared codec: a kind byte and a position, no signature; this one is year 1e9. */
    private static String oldUnsignedActivityToken() {
        ByteBuffer bytes = ByteBuffer.allocate(1 + Long.BYTES * 4).put((byte) 2);
        bytes.putLong(Instant.MAX.getEpochSecond()).putLong(0);
        bytes.putLong(0).putLong(0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The token with one character in its middle changed. */
    static String alter(String token) {
        int middle = token.length() / 2;
        char replacement = token.charAt(middle) == 'A' ? 'B' : 'A';
        return token.substring(0, middle) + replacement + token.substring(middle + 1);
    }

    static PageTokenKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(key));
    }
}
