package dev.cohort.profile.api;

import dev.cohort.auth.Caller;
import dev.cohort.common.v1.Role;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.paging.Page;
import dev.cohort.profile.app.AvatarUploads;
import dev.cohort.profile.app.Blocking;
import dev.cohort.profile.app.Following;
import dev.cohort.profile.app.PeopleSearch;
import dev.cohort.profile.app.ProfileChanges;
import dev.cohort.profile.app.ProfileQueries;
import dev.cohort.profile.app.ProfileView;
import dev.cohort.profile.domain.PrivacyEdit;
import dev.cohort.profile.domain.ProfileEdit;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.BatchGetProfilesResponse;
import dev.cohort.profile.v1.BlockUserRequest;
import dev.cohort.profile.v1.ConfirmAvatarUploadRequest;
import dev.cohort.profile.v1.ConfirmAvatarUploadResponse;
import dev.cohort.profile.v1.CreateAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadResponse;
import dev.cohort.profile.v1.BlockUserResponse;
import dev.cohort.profile.v1.FollowUserRequest;
import dev.cohort.profile.v1.FollowUserResponse;
import dev.cohort.profile.v1.GetMyProfileRequest;
import dev.cohort.profile.v1.GetMyProfileResponse;
import dev.cohort.profile.v1.GetPrivacySettingsRequest;
import dev.cohort.profile.v1.GetPrivacySettingsResponse;
import dev.cohort.profile.v1.GetProfileRequest;
import dev.cohort.profile.v1.GetProfileResponse;
import dev.cohort.profile.v1.ListBlockedRequest;
import dev.cohort.profile.v1.ListBlockedResponse;
import dev.cohort.profile.v1.ListFollowersRequest;
import dev.cohort.profile.v1.ListFollowersResponse;
import dev.cohort.profile.v1.ListFollowingRequest;
import dev.cohort.profile.v1.ListFollowingResponse;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import dev.cohort.profile.v1.RemoveAvatarRequest;
import dev.cohort.profile.v1.RemoveAvatarResponse;
import dev.cohort.profile.v1.SearchPeopleRequest;
import dev.cohort.profile.v1.SearchPeopleResponse;
import dev.cohort.profile.v1.UnblockUserRequest;
import dev.cohort.profile.v1.UnblockUserResponse;
import dev.cohort.profile.v1.UnfollowUserRequest;
import dev.cohort.profile.v1.UnfollowUserResponse;
import dev.cohort.profile.v1.UpdateMyProfileRequest;
import dev.cohort.profile.v1.UpdateMyProfileResponse;
import dev.cohort.profile.v1.UpdatePrivacySettingsRequest;
import dev.cohort.profile.v1.UpdatePrivacySettingsResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated (protovalidate
 * and the text rule) and authenticated (the contract's access policy, ADR 0002); who may see or do what is decided
 * by the use cases, and errors are mapped by the server conventions.
 */
public class ProfileGrpcService extends ProfileServiceGrpc.ProfileServiceImplBase {

    private final ProfileQueries queries;
    private final ProfileChanges changes;
    private final Following following;
    private final Blocking blocking;
    private final PeopleSearch search;
    private final AvatarUploads avatars;

    public ProfileGrpcService(ProfileQueries queries, ProfileChanges changes, Following following, Blocking blocking,
                              PeopleSearch search, AvatarUploads avatars) {
        this.avatars = avatars;
        this.queries = queries;
        this.changes = changes;
        this.following = following;
        this.blocking = blocking;
        this.search = search;
    }

    @Override
    public void getProfile(GetProfileRequest request, StreamObserver<GetProfileResponse> responses) {
        ProfileView profile = queries.get(callerId(), moderator(), UUID.fromString(request.getUserId()));
        reply(responses, GetProfileResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    @Override
    public void getMyProfile(GetMyProfileRequest request, StreamObserver<GetMyProfileResponse> responses) {
        ProfileView profile = queries.mine(callerId());
        reply(responses, GetMyProfileResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    @Override
    public void updateMyProfile(UpdateMyProfileRequest request, StreamObserver<UpdateMyProfileResponse> responses) {
        ProfileEdit edit = ProfileEdit.of(request.getUpdateMask().getPathsList(),
                ProtoMapping.fields(request.getProfile()), "update_mask", "profile");
        ProfileView profile = changes.updateMine(callerId(), edit);
        reply(responses, UpdateMyProfileResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    @Override
    public void batchGetProfiles(BatchGetProfilesRequest request, StreamObserver<BatchGetProfilesResponse> responses) {
        List<UUID> ids = request.getUserIdsList().stream().map(UUID::fromString).toList();
        var response = BatchGetProfilesResponse.newBuilder();
        queries.batch(callerId(), moderator(), ids).forEach(profile -> response.addProfiles(ProtoMapping.profile(profile)));
        reply(responses, response.build());
    }

    @Override
    public void searchPeople(SearchPeopleRequest request, StreamObserver<SearchPeopleResponse> responses) {
        Page<ProfileView> page = search.search(callerId(), request.getQuery(), request.getPageToken(),
                request.getPageSize());
        var response = SearchPeopleResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(profile -> response.addProfiles(ProtoMapping.profile(profile)));
        reply(responses, response.build());
    }

    @Override
    public void getPrivacySettings(GetPrivacySettingsRequest request,
                                   StreamObserver<GetPrivacySettingsResponse> responses) {
        reply(responses, GetPrivacySettingsResponse.newBuilder()
                .setSettings(ProtoMapping.privacy(queries.privacy(callerId()))).build());
    }

    @Override
    public void updatePrivacySettings(UpdatePrivacySettingsRequest request,
                                      StreamObserver<UpdatePrivacySettingsResponse> responses) {
        PrivacyEdit edit = PrivacyEdit.of(request.getUpdateMask().getPathsList(),
                ProtoMapping.choices(request.getSettings()), "update_mask", "settings");
        reply(responses, UpdatePrivacySettingsResponse.newBuilder()
                .setSettings(ProtoMapping.privacy(changes.updatePrivacy(callerId(), edit))).build());
    }

    @Override
    public void followUser(FollowUserRequest request, StreamObserver<FollowUserResponse> responses) {
        ProfileView profile = following.follow(callerId(), UUID.fromString(request.getUserId()));
        reply(responses, FollowUserResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    @Override
    public void unfollowUser(UnfollowUserRequest request, StreamObserver<UnfollowUserResponse> responses) {
        following.unfollow(callerId(), UUID.fromString(request.getUserId()));
        reply(responses, UnfollowUserResponse.getDefaultInstance());
    }

    @Override
    public void blockUser(BlockUserRequest request, StreamObserver<BlockUserResponse> responses) {
        var blocked = blocking.block(callerId(), UUID.fromString(request.getUserId()));
        reply(responses, BlockUserResponse.newBuilder().setBlocked(ProtoMapping.blocked(blocked)).build());
    }

    @Override
    public void unblockUser(UnblockUserRequest request, StreamObserver<UnblockUserResponse> responses) {
        blocking.unblock(callerId(), UUID.fromString(request.getUserId()));
        reply(responses, UnblockUserResponse.getDefaultInstance());
    }

    @Override
    public void listFollowers(ListFollowersRequest request, StreamObserver<ListFollowersResponse> responses) {
        var page = following.followers(callerId(), UUID.fromString(request.getUserId()), request.getPageToken(),
                request.getPageSize());
        var response = ListFollowersResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(entry -> response.addFollowers(ProtoMapping.followEntry(entry)));
        reply(responses, response.build());
    }

    @Override
    public void listFollowing(ListFollowingRequest request, StreamObserver<ListFollowingResponse> responses) {
        var page = following.following(callerId(), UUID.fromString(request.getUserId()), request.getPageToken(),
                request.getPageSize());
        var response = ListFollowingResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(entry -> response.addFollowing(ProtoMapping.followEntry(entry)));
        reply(responses, response.build());
    }

    @Override
    public void listBlocked(ListBlockedRequest request, StreamObserver<ListBlockedResponse> responses) {
        var page = blocking.blocked(callerId(), request.getPageToken(), request.getPageSize());
        var response = ListBlockedResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(blocked -> response.addBlocked(ProtoMapping.blocked(blocked)));
        reply(responses, response.build());
    }

    @Override
    public void createAvatarUpload(CreateAvatarUploadRequest request,
                                   StreamObserver<CreateAvatarUploadResponse> responses) {
        AvatarUploads.UploadTicket ticket = avatars.create(callerId(), request.getContentType(),
                request.getContentLength());
        var response = CreateAvatarUploadResponse.newBuilder()
                .setUploadId(ticket.uploadId().toString())
                .setUploadUrl(ticket.upload().url().toString())
                .setExpireTime(ProtoTimestamps.timestamp(ticket.upload().expiresAt()));
        ticket.upload().headers().forEach((name, values) -> response.putRequiredHeaders(name, String.join(",", values)));
        reply(responses, response.build());
    }

    @Override
    public void confirmAvatarUpload(ConfirmAvatarUploadRequest request,
                                    StreamObserver<ConfirmAvatarUploadResponse> responses) {
        ProfileView profile = avatars.confirm(callerId(), UUID.fromString(request.getUploadId()));
        reply(responses, ConfirmAvatarUploadResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    @Override
    public void removeAvatar(RemoveAvatarRequest request, StreamObserver<RemoveAvatarResponse> responses) {
        ProfileView profile = avatars.remove(callerId());
        reply(responses, RemoveAvatarResponse.newBuilder().setProfile(ProtoMapping.profile(profile)).build());
    }

    private static UUID callerId() {
        return Caller.requireUserUuid();
    }

    /** Whether the caller reads profiles as a moderator (an administrator), past privacy and blocks (ADR 0069). */
    private static boolean moderator() {
        return Caller.require().hasRole(Role.ROLE_ADMIN);
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
