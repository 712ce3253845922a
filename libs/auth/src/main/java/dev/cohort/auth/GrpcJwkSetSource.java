package dev.cohort.auth;

import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Fetches identity's JWK Set over gRPC ({@code IdentityService/GetJwks}), with a short deadline. */
public final class GrpcJwkSetSource implements JwkSetSource {

    private final IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    private final Duration deadline;

    public GrpcJwkSetSource(Channel identityChannel, Duration deadline) {
        this.identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
        this.deadline = deadline;
    }

    @Override
    public JWKSet fetch() {
        return JwkConversions.fromProto(identity.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .getJwks(GetJwksRequest.getDefaultInstance()));
    }
}
