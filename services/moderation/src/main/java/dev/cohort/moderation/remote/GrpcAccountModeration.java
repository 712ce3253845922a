package dev.cohort.moderation.remote;

import dev.cohort.auth.ForwardCallerCredentials;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.SuspendUserRequest;
import dev.cohort.moderation.app.AccountModeration;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Identity over gRPC, called with the moderator's own token (SuspendUser is for admins). */
public final class GrpcAccountModeration implements AccountModeration {

    private final IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    private final Duration deadline;

    public GrpcAccountModeration(Channel channel, Duration deadline) {
        this.identity = IdentityServiceGrpc.newBlockingStub(
                ClientInterceptors.intercept(channel, new ForwardCallerCredentials()));
        this.deadline = deadline;
    }

    @Override
    public void suspend(UUID userId, String reason, Instant until) {
        SuspendUserRequest.Builder request = SuspendUserRequest.newBuilder()
                .setUserId(userId.toString())
                .setReason(reason);
        if (until != null) {
            request.setUntil(ProtoTimestamps.timestamp(until));
        }
        try {
            identity.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).suspendUser(request.build());
        } catch (StatusRuntimeException failure) {
            if (RemoteFailures.reasonOf(failure).filter("ALREADY_SUSPENDED"::equals).isPresent()) {
                return; // suspended meanwhile (another report, or in the users screen): what the action wanted
            }
            throw RemoteFailures.translate("identity", failure);
        }
    }
}
