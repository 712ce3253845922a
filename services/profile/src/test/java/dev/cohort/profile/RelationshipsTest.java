package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.detail;
import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.ProfileClient.reason;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.profile.v1.BlockUserRequest;
import dev.cohort.profile.v1.BlockedUser;
import dev.cohort.profile.v1.FollowEntry;
import dev.cohort.profile.v1.FollowUserRequest;
import dev.cohort.profile.v1.ListBlockedRequest;
import dev.cohort.profile.v1.ListFollowersRequest;
import dev.cohort.profile.v1.ListFollowingRequest;
import dev.cohort.profile.v1.Profile;
import dev.cohort.testkit.Concurrently;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Following and blocking through a real gRPC client on real PostgreSQL. Both are idempotent. A block, from
 * every angle: it ends the follows both ways, and from then on neither person sees, finds, batches or follows the
 * other, whatever their privacy and however classmates they are; the blocker's list shows whom they blocked.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipsTest extends ProfileServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, RelationshipsTest.class, false);
    }

    @Autowired
    JdbcTemplate jdbc;


    @Test
    void followingIsIdempotentAndShowsInBothListsAndRelationships() {
        UUID fan = people.register("Keen Fan");
        UUID star = people.register("Bright Star");
        people.shareSection(fan, star);

        Profile followed = client.follow(fan, star);
        client.follow(fan, star);

        assertThat(followed.getRelationship().getFollowing()).isTrue();
        assertThat(followed.getFollowerCount()).isEqualTo(1);
        assertThat(client.get(star, fan).getRelationship().getFollowedBy()).isTrue();
        assertThat(following(fan, fan)).containsExactly(star.toString());
        assertThat(followers(star, star)).containsExactly(fan.toString());
        assertThat(followRows(fan, star)).as("following twice records one follow").isEqualTo(1);

        client.unfollow(fan, star);
        client.unfollow(fan, star);
        assertThat(following(fan, fan)).isEmpty();
        assertThat(client.get(fan, star).getFollowerCount()).isZero();
    }

    @Test
    void nobodyFollowsThemselvesOrWhomTheyMayNotSee() {
        UUID someone = people.register("Self Follower");
        UUID hidden = people.register("Hidden Person");

        StatusRuntimeException self = failure(() -> client.follow(someone, someone));
        assertThat(self.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(self)).isEqualTo("CANNOT_FOLLOW_SELF");
        assertThat(detail(self, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly("user_id");
        assertThat(failure(() -> client.follow(someone, hidden)).getStatus().getCode())
                .as("not a classmate of a classmates-only profile").isEqualTo(Status.Code.NOT_FOUND);
        assertThat(failure(() -> client.follow(someone, UUID.randomUUID())).getStatus().getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aBlockEndsTheFollowsBothWaysAndHidesEachFromTheOtherEverywhere() {
        String blockerName = People.unique("Blocker");
        String blockedName = People.unique("Blocked");
        UUID blocker = people.register(blockerName);
        UUID blocked = people.register(blockedName);
        UUID bystander = people.register("Calm Bystander");
        people.shareSection(blocker, blocked, bystander);
        people.shareConversation(blocker, blocked);
        client.visibility(blocker, PROFILE_VISIBILITY_EVERYONE);
        client.visibility(blocked, PROFILE_VISIBILITY_EVERYONE);
        client.follow(blocked, blocker);
        client.follow(blocker, blocked);
        client.follow(bystander, blocker);

        client.block(blocker, blocked);

        assertThat(following(blocker, blocker)).as("the blocker's follow ended").isEmpty();
        assertThat(following(blocked, blocked)).as("the blocked person's follow ended").isEmpty();
        assertThat(followers(blocker, blocker)).containsExactly(bystander.toString());
        for (UUID[] pair : new UUID[][] {{blocked, blocker}, {blocker, blocked}}) {
            UUID viewer = pair[0];
            UUID other = pair[1];
            String otherName = other.equals(blocker) ? blockerName : blockedName;
            assertAbsent(viewer, other);
            assertThat(client.batch(viewer, List.of(other, bystander))).containsExactly(bystander.toString());
            assertThat(client.found(viewer, otherName)).isEmpty();
            assertThat(failure(() -> client.follow(viewer, other)).getStatus().getCode())
                    .as("cannot follow across a block").isEqualTo(Status.Code.NOT_FOUND);
            assertThat(failure(() -> followers(viewer, other)).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        assertThat(client.get(bystander, blocker).getFollowerCount()).isEqualTo(1);
        assertThat(client.found(bystander, blockerName)).containsExactly(blocker.toString());
        List<BlockedUser> list = client.as(blocker).listBlocked(ListBlockedRequest.getDefaultInstance())
                .getBlockedList();
        assertThat(list).singleElement().satisfies(entry -> {
            assertThat(entry.getUserId()).isEqualTo(blocked.toString());
            assertThat(entry.getDisplayName()).isEqualTo(blockedName);
        });
        assertThat(client.as(blocked).listBlocked(ListBlockedRequest.getDefaultInstance()).getBlockedList())
                .as("being blocked is not blocking").isEmpty();
    }

    @Test
    void unblockingShowsThemAgainButDoesNotBringTheFollowsBack() {
        UUID first = people.register("First Party");
        UUID second = people.register("Second Party");
        people.shareGroup(first, second);
        client.follow(second, first);
        client.block(first, second);
        client.block(second, first);

        client.unblock(first, second);
        assertAbsent(second, first);
        assertAbsent(first, second);

        client.unblock(second, first);
        client.unblock(second, first);
        assertThat(client.get(second, first).getRelationship().getFollowing()).isFalse();
        assertThat(client.get(first, second).getRelationship().getClassmate()).isTrue();
        client.follow(second, first);
        assertThat(followers(first, first)).containsExactly(second.toString());
    }

    @Test
    void blockingIsIdempotentWorksOnHiddenProfilesAndNeedsARegisteredOtherPerson() {
        UUID blocker = people.register("Careful Blocker");
        UUID hidden = people.register("Invisible Pest");
        client.visibility(hidden, PROFILE_VISIBILITY_NOBODY);

        BlockedUser first = client.as(blocker).blockUser(BlockUserRequest.newBuilder()
                .setUserId(hidden.toString()).build()).getBlocked();
        BlockedUser again = client.as(blocker).blockUser(BlockUserRequest.newBuilder()
                .setUserId(hidden.toString()).build()).getBlocked();

        assertThat(again).as("the block stands as first made").isEqualTo(first);
        assertThat(first.getDisplayName()).isEqualTo("Invisible Pest");
        assertThat(failure(() -> client.follow(hidden, blocker)).getStatus().getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException unknown = failure(() -> client.block(blocker, UUID.randomUUID()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(unknown)).isEqualTo("PROFILE_NOT_FOUND");
        StatusRuntimeException self = failure(() -> client.block(blocker, blocker));
        assertThat(self.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(self)).isEqualTo("CANNOT_BLOCK_SELF");
    }

    @Test
    void aFollowRacingABlockNeverOutlivesIt() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID blocker = people.register("Racing Blocker");
            UUID follower = people.register("Racing Follower");
            client.visibility(blocker, PROFILE_VISIBILITY_EVERYONE);

            Concurrently.run(2, racer -> {
                if (racer == 0) {
                    client.block(blocker, follower);
                    return null;
                }
                try {
                    client.as(follower).followUser(FollowUserRequest.newBuilder().setUserId(blocker.toString()).build());
                } catch (StatusRuntimeException lostTheRace) {
                    assertThat(lostTheRace.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                }
                return null;
            });

            assertThat(followRows(follower, blocker)).as("round %d", round).isZero();
        }
    }

    private void assertAbsent(UUID viewer, UUID other) {
        UUID nobody = UUID.randomUUID();
        StatusRuntimeException hidden = failure(() -> client.get(viewer, other));
        StatusRuntimeException missing = failure(() -> client.get(viewer, nobody));
        assertThat(StatusProto.fromThrowable(hidden).toString())
                .isEqualTo(StatusProto.fromThrowable(missing).toString().replace(nobody.toString(), other.toString()));
    }

    private List<String> followers(UUID caller, UUID subject) {
        return client.as(caller).listFollowers(ListFollowersRequest.newBuilder().setUserId(subject.toString()).build())
                .getFollowersList().stream().map(FollowEntry::getUserId).toList();
    }

    private List<String> following(UUID caller, UUID subject) {
        return client.as(caller).listFollowing(ListFollowingRequest.newBuilder().setUserId(subject.toString()).build())
                .getFollowingList().stream().map(FollowEntry::getUserId).toList();
    }

    private int followRows(UUID follower, UUID followed) {
        Integer rows = jdbc.queryForObject("select count(*) from follows where follower_id = ? and followed_id = ?",
                Integer.class, follower, followed);
        return rows == null ? 0 : rows;
    }
}
