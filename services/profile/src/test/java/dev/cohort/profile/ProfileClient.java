package dev.cohort.profile;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.BlockUserRequest;
import dev.cohort.profile.v1.FollowUserRequest;
import dev.cohort.profile.v1.GetProfileRequest;
import dev.cohort.profile.v1.PrivacySettings;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import dev.cohort.profile.v1.ProfileVisibility;
import dev.cohort.profile.v1.SearchPeopleRequest;
import dev.cohort.profile.v1.SearchPeopleResponse;
import dev.cohort.profile.v1.UnblockUserRequest;
import dev.cohort.profile.v1.UnfollowUserRequest;
import dev.cohort.profile.v1.UpdateMyProfileRequest;
import dev.cohort.profile.v1.UpdatePrivacySettingsRequest;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service, with helpers that keep the tests about behaviour. */
final class ProfileClient implements AutoCloseable {

    private final ManagedChannel channel;

    ProfileClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    ProfileServiceGrpc.ProfileServiceBlockingStub anonymous() {
        return ProfileServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A stub calling as {@code userId} with a student's access token. */
    ProfileServiceGrpc.ProfileServiceBlockingStub as(UUID userId) {
        return withToken(ProfileTestSupport.TOKENS.token(userId.toString(), "STUDENT"));
    }

    /** A stub calling as {@code userId} with an administrator's access token. */
    ProfileServiceGrpc.ProfileServiceBlockingStub asAdmin(UUID userId) {
        return withToken(ProfileTestSupport.TOKENS.token(userId.toString(), "ADMIN"));
    }

    ProfileServiceGrpc.ProfileServiceBlockingStub withToken(String accessToken) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    Profile get(UUID caller, UUID userId) {
        return as(caller).getProfile(GetProfileRequest.newBuilder().setUserId(userId.toString()).build()).getProfile();
    }

    Profile update(UUID caller, Profile values, String... paths) {
        return as(caller).updateMyProfile(UpdateMyProfileRequest.newBuilder().setProfile(values)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build()).getProfile();
    }

    PrivacySettings privacy(UUID caller, PrivacySettings values, String... paths) {
        return as(caller).updatePrivacySettings(UpdatePrivacySettingsRequest.newBuilder().setSettings(values)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build()).getSettings();
    }

    void visibility(UUID caller, ProfileVisibility visibility) {
        privacy(caller, PrivacySettings.newBuilder().setProfileVisibility(visibility).build(), "profile_visibility");
    }

    Profile follow(UUID caller, UUID userId) {
        return as(caller).followUser(FollowUserRequest.newBuilder().setUserId(userId.toString()).build()).getProfile();
    }

    void unfollow(UUID caller, UUID userId) {
        as(caller).unfollowUser(UnfollowUserRequest.newBuilder().setUserId(userId.toString()).build());
    }

    void block(UUID caller, UUID userId) {
        as(caller).blockUser(BlockUserRequest.newBuilder().setUserId(userId.toString()).build());
    }

    void unblock(UUID caller, UUID userId) {
        as(caller).unblockUser(UnblockUserRequest.newBuilder().setUserId(userId.toString()).build());
    }

    List<String> batch(UUID caller, Collection<UUID> userIds) {
        return as(caller).batchGetProfiles(BatchGetProfilesRequest.newBuilder()
                        .addAllUserIds(userIds.stream().map(UUID::toString).toList()).build())
                .getProfilesList().stream().map(Profile::getUserId).toList();
    }

    SearchPeopleResponse search(UUID caller, String query, int pageSize, String pageToken) {
        return as(caller).searchPeople(SearchPeopleRequest.newBuilder().setQuery(query).setPageSize(pageSize)
                .setPageToken(pageToken).build());
    }

    /** The user ids of the first page (up to 100) of a search. */
    List<String> found(UUID caller, String query) {
        return search(caller, query, 100, "").getProfilesList().stream().map(Profile::getUserId).toList();
    }

    static StatusRuntimeException failure(Runnable call) {
        return GrpcFailures.failure(call);
    }

    static String reason(StatusRuntimeException error) {
        return GrpcFailures.reason(error);
    }

    static <T extends Message> T detail(StatusRuntimeException error, Class<T> type) {
        return GrpcFailures.detail(error, type);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
