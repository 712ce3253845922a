package dev.cohort.group;

import static dev.cohort.group.GroupClient.detail;
import static dev.cohort.group.GroupClient.failure;
import static dev.cohort.group.GroupClient.reason;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_APPROVAL;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.group.v1.Group;
import dev.cohort.group.v1.ListGroupsInSectionRequest;
import dev.cohort.group.v1.ListMyGroupsRequest;
import dev.cohort.group.v1.ListPendingRequestsRequest;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.PageTokenKey;
import dev.cohort.paging.TimeAndId;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
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
 * Page tokens and caller ids through the real service, on each of group's three lists: only tokens group issued
 * for this list, its filters and this caller are accepted (anything else is INVALID_PAGE_TOKEN, never INTERNAL),
 * and paging walks every item once. A validly signed token whose subject is not a user id is UNAUTHENTICATED.
 */
@SpringBootTest(classes = GroupApplication.class, properties = "spring.config.name=" + GroupApplication.CONFIG_NAME)
@Import(GroupTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupPagingTest {

    static final FakeCourse COURSE = new FakeCourse();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GroupTestSupport.register(registry, GroupPagingTest.class, COURSE, false);
    }

    @Autowired
    BoundGrpcPort port;
    GroupClient client;

    @BeforeAll
    void connect() {
        client = new GroupClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
        COURSE.close();
    }

    /** One of group's lists as {@code caller} with a page size and token: the items' ids and the next token. */
    private record Lister(String name, BiFunction<UUID, Request, Response> call) {
    }

    private record Request(int pageSize, String pageToken) {
    }

    private record Response(List<String> ids, String nextPageToken) {
    }

    @Test
    void pagingWalksEveryItemOfEachListExactlyOnce() {
        Fixture fixture = fixture(5);

        assertThat(walk(fixture.inSection(), fixture.owner())).containsExactlyInAnyOrderElementsOf(fixture.groupIds());
        assertThat(walk(fixture.mine(), fixture.owner())).containsExactlyInAnyOrderElementsOf(fixture.myGroupIds());
        assertThat(walk(fixture.pending(), fixture.owner())).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void refusesEveryPageTokenItDidNotIssueOnEachList() {
        Fixture fixture = fixture(3);
        UUID other = UUID.randomUUID();

        for (Lister list : List.of(fixture.inSection(), fixture.mine(), fixture.pending())) {
            String mine = list.call().apply(fixture.owner(), new Request(1, "")).nextPageToken();
            assertThat(mine).as(list.name()).isNotEmpty();
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("garbage", "bm90LWEtdG9rZW4");
            refused.put("the old unsigned format, far in the future", oldUnsignedToken());
            refused.put("signed with another key", forged(PageQuery.of(list.name(), fixture.owner())));
            refused.put("altered", alter(mine));
            refused.put("truncated", mine.substring(0, mine.length() - 3));
            if (list == fixture.inSection()) {
                String othersValid = list.call().apply(other, new Request(1, "")).nextPageToken();
                refused.put("another caller's valid token", othersValid);
            }
            refused.forEach((kind, token) -> {
                StatusRuntimeException error = failure(() -> list.call().apply(fixture.owner(), new Request(1, token)));
                assertInvalidPageToken(list.name() + ": " + kind, error);
            });
            assertThat(list.call().apply(fixture.owner(), new Request(1, mine)).ids()).as(list.name()).hasSize(1);
        }
        // Another list's valid token (same caller): bound to its list, so refused here.
        String mineToken = fixture.mine().call().apply(fixture.owner(), new Request(1, "")).nextPageToken();
        assertInvalidPageToken("another list's token", failure(() -> fixture.inSection().call()
                .apply(fixture.owner(), new Request(1, mineToken))));
    }

    @Test
    void aSignedTokenWhoseSubjectIsNotAUserIdIsUnauthenticated() {
        var stub = client.withToken(GroupTestSupport.TOKENS.token("not-a-user-id", "STUDENT"));

        StatusRuntimeException error = failure(() -> stub.listMyGroups(ListMyGroupsRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("INVALID_SUBJECT");
    }

    /**
     * {@code count} groups in one section (one of them the owner's, with approval and {@code count} pending
     * requests), and the owner's own groups in {@code count} more sections.
     */
    private Fixture fixture(int count) {
        UUID owner = UUID.randomUUID();
        UUID section = COURSE.newSection(count + 1);
        List<String> groupIds = new ArrayList<>();
        Group owners = client.create(owner, enrolled(section, owner), "Owner's group", GROUP_VISIBILITY_APPROVAL);
        groupIds.add(owners.getGroupId());
        List<String> myGroupIds = new ArrayList<>(List.of(owners.getGroupId()));
        for (int i = 1; i < count; i++) {
            UUID someone = UUID.randomUUID();
            groupIds.add(client.create(someone, enrolled(section, someone), "Group " + i, GROUP_VISIBILITY_OPEN)
                    .getGroupId());
            UUID elsewhere = COURSE.newSection(3);
            myGroupIds.add(client.create(owner, enrolled(elsewhere, owner), "Mine " + i, GROUP_VISIBILITY_OPEN)
                    .getGroupId());
        }
        for (int i = 0; i < count; i++) {
            UUID joiner = UUID.randomUUID();
            COURSE.enroll(section, joiner);
            client.join(joiner, owners);
        }
        return new Fixture(owner, section, owners, groupIds, myGroupIds);
    }

    private static UUID enrolled(UUID section, UUID student) {
        COURSE.enroll(section, student);
        return section;
    }

    /** The test data and group's three lists over it. */
    private final class Fixture {
        private final UUID owner;
        private final List<String> groupIds;
        private final List<String> myGroupIds;
        private final Lister inSection;
        private final Lister mine;
        private final Lister pending;

        Fixture(UUID owner, UUID section, Group ownersGroup, List<String> groupIds, List<String> myGroupIds) {
            this.owner = owner;
            this.groupIds = groupIds;
            this.myGroupIds = myGroupIds;
            this.inSection = new Lister("group.in_section", (caller, request) -> {
                var page = client.as(caller).listGroupsInSection(ListGroupsInSectionRequest.newBuilder()
                        .setSectionId(section.toString()).setPageSize(request.pageSize())
                        .setPageToken(request.pageToken()).build());
                return new Response(page.getGroupsList().stream().map(Group::getGroupId).toList(),
                        page.getNextPageToken());
            });
            this.mine = new Lister("group.mine", (caller, request) -> {
                var page = client.as(caller).listMyGroups(ListMyGroupsRequest.newBuilder()
                        .setPageSize(request.pageSize()).setPageToken(request.pageToken()).build());
                return new Response(page.getGroupsList().stream().map(Group::getGroupId).toList(),
                        page.getNextPageToken());
            });
            this.pending = new Lister("group.pending_requests", (caller, request) -> {
                var page = client.as(caller).listPendingRequests(ListPendingRequestsRequest.newBuilder()
                        .setGroupId(ownersGroup.getGroupId()).setPageSize(request.pageSize())
                        .setPageToken(request.pageToken()).build());
                return new Response(page.getRequestsList().stream().map(r -> r.getRequestId()).toList(),
                        page.getNextPageToken());
            });
        }

        UUID owner() {
            return owner;
        }

        List<String> groupIds() {
            return groupIds;
        }

        List<String> myGroupIds() {
            return myGroupIds;
        }

        Lister inSection() {
            return inSection;
        }

        Lister mine() {
            return mine;
        }

        Lister pending() {
            return pending;
        }
    }

    private List<String> walk(Lister list, UUID caller) {
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Response page = list.call().apply(caller, new Request(2, token));
            seen.addAll(page.ids());
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).as(list.name()).doesNotHaveDuplicates();
        return seen;
    }

    private static void assertInvalidPageToken(String kind, StatusRuntimeException error) {
        assertThat(error.getStatus().getCode()).as(kind).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).as(kind).isEqualTo("INVALID_PAGE_TOKEN");
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).as(kind)
                .extracting(BadRequest.FieldViolation::getField).containsExactly("page_token");
    }

    /** A token in the codec's exact format for {@code query}, but signed with a key the service does not hold. */
    private static String forged(PageQuery query) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new PageTokenCodec(PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(key)), Clock.systemUTC(),
                Duration.ofHours(1)).encode(query, TimeAndId.FORMAT, new TimeAndId(Instant.now(), UUID.randomUUID()));
    }

    /** Group's tokens before the shared codec: a bare (seconds, nanos, id) position, no signature; year 1e9 here. */
    private static String oldUnsignedToken() {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES * 4).putLong(Instant.MAX.getEpochSecond()).putLong(0)
                .putLong(0).putLong(0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static String alter(String token) {
        int middle = token.length() / 2;
        char replacement = token.charAt(middle) == 'A' ? 'B' : 'A';
        return token.substring(0, middle) + replacement + token.substring(middle + 1);
    }
}
