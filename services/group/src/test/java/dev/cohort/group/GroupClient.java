package dev.cohort.group;

import dev.cohort.testkit.grpc.GrpcFailures;
import com.google.protobuf.Message;
import dev.cohort.group.v1.ApproveRequestRequest;
import dev.cohort.group.v1.ApproveRequestResponse;
import dev.cohort.group.v1.CreateGroupRequest;
import dev.cohort.group.v1.GetGroupRequest;
import dev.cohort.group.v1.Group;
import dev.cohort.group.v1.GroupMember;
import dev.cohort.group.v1.GroupServiceGrpc;
import dev.cohort.group.v1.GroupVisibility;
import dev.cohort.group.v1.RequestToJoinRequest;
import dev.cohort.group.v1.RequestToJoinResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service, with helpers that keep the tests about behaviour. */
final class GroupClient implements AutoCloseable {

    private final ManagedChannel channel;

    GroupClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    GroupServiceGrpc.GroupServiceBlockingStub anonymous() {
        return GroupServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A stub calling as {@code userId} with a student's access token. */
    GroupServiceGrpc.GroupServiceBlockingStub as(UUID userId) {
        return withToken(GroupTestSupport.TOKENS.token(userId.toString(), "STUDENT"));
    }

    GroupServiceGrpc.GroupServiceBlockingStub withToken(String accessToken) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    Group create(UUID owner, UUID section, String name, GroupVisibility visibility) {
        return as(owner).createGroup(CreateGroupRequest.newBuilder().setSectionId(section.toString()).setName(name)
                .setDescription("Weekly problem sets").setVisibility(visibility).build()).getGroup();
    }

    RequestToJoinResponse join(UUID student, Group group) {
        return as(student).requestToJoin(RequestToJoinRequest.newBuilder().setGroupId(group.getGroupId())
                .setMessage("hello").build());
    }

    ApproveRequestResponse approve(UUID owner, String requestId) {
        return as(owner).approveRequest(ApproveRequestRequest.newBuilder().setRequestId(requestId).build());
    }

    Group get(UUID caller, Group group) {
        return as(caller).getGroup(GetGroupRequest.newBuilder().setGroupId(group.getGroupId()).build()).getGroup();
    }

    static List<String> memberIds(Group group) {
        return group.getMembersList().stream().map(GroupMember::getUserId).toList();
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
