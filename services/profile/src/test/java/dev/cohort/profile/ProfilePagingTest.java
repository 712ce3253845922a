package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.detail;
import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.ProfileClient.reason;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.PageTokenKey;
import dev.cohort.paging.TimeAndId;
import dev.cohort.profile.v1.BlockedUser;
import dev.cohort.profile.v1.FollowEntry;
import dev.cohort.profile.v1.ListBlockedRequest;
import dev.cohort.profile.v1.ListFollowersRequest;
import dev.cohort.profile.v1.ListFollowingRequest;
import dev.cohort.profile.v1.Profile;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Page tokens through the real service, on each of profile's four lists (followers, following, blocked, search),
 * with the platform's codec (ADR 0019): only tokens profile issued for this list, its parameters and this caller
 * are accepted, anything else is INVALID_ARGUMENT INVALID_PAGE_TOKEN on {@code page_token}, never INTERNAL; and
 * paging walks every item once, newest first.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilePagingTest extends ProfileServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, ProfilePagingTest.class, false);
    }

    Fixture fixture;

    @BeforeAll
    void seed() {
        fixture = fixture(5);
    }

    /** One of profile's lists as {@code caller} with a page size and token: the items' ids and the next token. */
    private record Lister(String name, BiFunction<UUID, Request, Response> call) {
    }

    private record Request(int pageSize, String pageToken) {
    }

    private record Response(List<String> ids, String nextPageToken) {
    }

    /**
     * {@code owner} followed by {@code count} people, following them, blocking {@code count} others; all of them
     * sharing a name word {@code surname} and visible to everyone.
     */
    private record Fixture(UUID owner, String surname, List<String> fans, List<String> blocked,
                           Lister followers, Lister following, Lister blockedList, Lister search) {
    }

    @Test
    void pagingWalksEveryItemOfEachListOnceNewestFirst() {
        List<String> newestFirst = new ArrayList<>(fixture.fans());
        java.util.Collections.reverse(newestFirst);

        assertThat(walk(fixture.followers(), fixture.owner())).containsExactlyElementsOf(newestFirst);
        assertThat(walk(fixture.following(), fixture.owner())).containsExactlyElementsOf(newestFirst);
        List<String> blockedNewestFirst = new ArrayList<>(fixture.blocked());
        java.util.Collections.reverse(blockedNewestFirst);
        assertThat(walk(fixture.blockedList(), fixture.owner())).containsExactlyElementsOf(blockedNewestFirst);
        assertThat(walk(fixture.search(), fixture.owner())).containsExactlyInAnyOrderElementsOf(fixture.fans());
    }

    @Test
    void refusesEveryPageTokenItDidNotIssueOnEachList() {
        UUID other = people.register("Other Caller");
        List<Lister> lists = List.of(fixture.followers(), fixture.following(), fixture.blockedList(), fixture.search());
        for (Lister list : lists) {
            String mine = list.call().apply(fixture.owner(), new Request(1, "")).nextPageToken();
            assertThat(mine).as(list.name()).isNotEmpty();
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("garbage", "bm90LWEtdG9rZW4");
            refused.put("signed with another key", forged(PageQuery.of(list.name(), fixture.owner())));
            refused.put("altered", alter(mine));
            refused.put("truncated", mine.substring(0, mine.length() - 3));
            for (Lister another : lists) {
                if (another != list) {
                    refused.put("a token of " + another.name(),
                            another.call().apply(fixture.owner(), new Request(1, "")).nextPageToken());
                }
            }
            refused.forEach((kind, token) -> assertInvalidPageToken(list.name() + ": " + kind,
                    failure(() -> list.call().apply(fixture.owner(), new Request(1, token)))));
            assertInvalidPageToken(list.name() + ": another caller presenting the owner's token",
                    failure(() -> list.call().apply(other, new Request(1, mine))));
            assertThat(list.call().apply(fixture.owner(), new Request(1, mine)).ids()).as(list.name()).hasSize(1);
        }
        String searchToken = fixture.search().call().apply(fixture.owner(), new Request(1, "")).nextPageToken();
        assertInvalidPageToken("a search token with another query", failure(() -> client.search(fixture.owner(),
                fixture.surname() + " more", 1, searchToken)));
    }

    @Test
    void aSignedTokenWhoseSubjectIsNotAUserIdIsUnauthenticated() {
        var stub = client.withToken(ProfileTestSupport.TOKENS.token("not-a-user-id", "STUDENT"));

        StatusRuntimeException error = failure(() -> stub.listBlocked(ListBlockedRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("INVALID_SUBJECT");
    }

    private Fixture fixture(int count) {
        String surname = People.unique("Fairweather");
        UUID owner = people.register("List Owner");
        client.visibility(owner, PROFILE_VISIBILITY_EVERYONE);
        List<String> fans = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID fan = people.register("Fan " + i + " " + surname);
            client.visibility(fan, PROFILE_VISIBILITY_EVERYONE);
            client.follow(fan, owner);
            client.follow(owner, fan);
            fans.add(fan.toString());
        }
        for (int i = 0; i < count; i++) {
            UUID pest = people.register("Pest " + i);
            client.block(owner, pest);
            blocked.add(pest.toString());
        }
        Lister followers = new Lister("profile.followers", (caller, request) -> {
            var page = client.as(caller).listFollowers(ListFollowersRequest.newBuilder().setUserId(owner.toString())
                    .setPageSize(request.pageSize()).setPageToken(request.pageToken()).build());
            return new Response(page.getFollowersList().stream().map(FollowEntry::getUserId).toList(),
                    page.getNextPageToken());
        });
        Lister following = new Lister("profile.following", (caller, request) -> {
            var page = client.as(caller).listFollowing(ListFollowingRequest.newBuilder().setUserId(owner.toString())
                    .setPageSize(request.pageSize()).setPageToken(request.pageToken()).build());
            return new Response(page.getFollowingList().stream().map(FollowEntry::getUserId).toList(),
                    page.getNextPageToken());
        });
        Lister blockedList = new Lister("profile.blocked", (caller, request) -> {
            var page = client.as(caller).listBlocked(ListBlockedRequest.newBuilder()
                    .setPageSize(request.pageSize()).setPageToken(request.pageToken()).build());
            return new Response(page.getBlockedList().stream().map(BlockedUser::getUserId).toList(),
                    page.getNextPageToken());
        });
        Lister search = new Lister("profile.search", (caller, request) -> {
            var page = client.search(caller, surname, request.pageSize(), request.pageToken());
            return new Response(page.getProfilesList().stream().map(Profile::getUserId).toList(),
                    page.getNextPageToken());
        });
        return new Fixture(owner, surname, fans, blocked, followers, following, blockedList, search);
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

    private static String alter(String token) {
        int middle = token.length() / 2;
        char replacement = token.charAt(middle) == 'A' ? 'B' : 'A';
        return token.substring(0, middle) + replacement + token.substring(middle + 1);
    }
}
