package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.identity.v1.CreateInvitationRequest;
import dev.cohort.identity.v1.CreateInvitationResponse;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.GetMeResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.User;
import dev.cohort.profile.v1.CreateAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadResponse;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {

    static final MethodDescriptor<String, String> UNDECLARED = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("cohort.test.v1.Undeclared/Call")
            .setRequestMarshaller(new Utf8()).setResponseMarshaller(new Utf8())
            .build();

    final TestTokens tokens = new TestTokens("k1");
    final TokenDenyList noRevocations = new TokenDenyList() {
        public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
            return false;
        }

        public void revokeToken(String tokenId, Instant expiresAt) {
        }

        public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        }
    };
    Server server;
    ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        var verifier = new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
                CachingJwkProvider.withDefaults(() -> new JWKSet(tokens.key.toPublicJWK())), noRevocations, Clock.systemUTC());
        var interceptor = new AuthInterceptor(new AccessPolicies(), verifier, new StatusMapper("test.cohort.dev"));
        String name = "auth-" + UUID.randomUUID();
        ServerServiceDefinition undeclared = ServerServiceDefinition.builder("cohort.test.v1.Undeclared")
                .addMethod(UNDECLARED, ServerCalls.asyncUnaryCall((request, responses) -> {
                    responses.onNext("ran");
                    responses.onCompleted();
                }))
                .build();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(new EchoCaller(), interceptor))
                .addService(ServerInterceptors.intercept(undeclared, interceptor))
                .addService(ServerInterceptors.intercept(new UploadAccepted(), interceptor))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    IdentityServiceGrpc.IdentityServiceBlockingStub as(String token) {
        var stub = IdentityServiceGrpc.newBlockingStub(channel);
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Test
    void letsAnyoneCallAPublicMethod() {
        assertThat(as(null).getJwks(GetJwksRequest.getDefaultInstance()).getKeysCount()).isZero();
        assertThat(as("garbage").getJwks(GetJwksRequest.getDefaultInstance())).isNotNull();
    }

    @Test
    void refusesASignedInMethodWithoutAToken() {
        StatusRuntimeException error = failure(() -> as(null).getMe(GetMeRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void refusesAnInvalidTokenWithItsReason() {
        StatusRuntimeException error = failure(() -> as(tokens.unsigned()).getMe(GetMeRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("TOKEN_MALFORMED");
    }

    @Test
    void putsTheVerifiedCallerInTheContext() {
        String userId = UUID.randomUUID().toString();

        GetMeResponse me = as(tokens.valid(userId, "STUDENT")).getMe(GetMeRequest.getDefaultInstance());

        assertThat(me.getUser().getUserId()).isEqualTo(userId);
    }

    @Test
    void refusesARoleMethodToACallerWithoutTheRole() {
        StatusRuntimeException error = failure(() ->
                as(tokens.valid(UUID.randomUUID().toString(), "STUDENT")).createInvitation(CreateInvitationRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(error)).isEqualTo("ROLE_REQUIRED");
    }

    @Test
    void letsAnAdminCallAnAdminMethod() {
        CreateInvitationResponse response = as(tokens.valid(UUID.randomUUID().toString(), "ADMIN"))
                .createInvitation(CreateInvitationRequest.getDefaultInstance());

        assertThat(response.getInvitationCode()).isEqualTo("ok");
    }

    @Test
    void refusesAVerifiedEmailMethodToACallerWhoseAddressIsNotVerified() {
        String userId = UUID.randomUUID().toString();
        var unverified = ProfileServiceGrpc.newBlockingStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(bearer(tokens.valid(userId, "STUDENT"))));

        StatusRuntimeException error = failure(() -> unverified.createAvatarUpload(CreateAvatarUploadRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(error)).isEqualTo("EMAIL_NOT_VERIFIED");
    }

    @Test
    void letsACallerWithAVerifiedAddressCallAVerifiedEmailMethod() {
        var verified = ProfileServiceGrpc.newBlockingStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(bearer(tokens.verified(UUID.randomUUID().toString(), "STUDENT"))));

        assertThat(verified.createAvatarUpload(CreateAvatarUploadRequest.getDefaultInstance()).getUploadId()).isEqualTo("ok");
    }

    static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    @Test
    void refusesEveryoneOnAMethodWithoutAPolicy() {
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + tokens.valid(UUID.randomUUID().toString(), "ADMIN"));
        var call = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(UNDECLARED, CallOptions.DEFAULT);

        StatusRuntimeException error = failure(() -> ClientCalls.blockingUnaryCall(call, "hello"));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(error)).isEqualTo("NO_ACCESS_POLICY");
    }

    static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException error) {
            return error;
        }
        throw new AssertionError("expected failure");
    }

    static String reason(StatusRuntimeException error) {
        try {
            return StatusProto.fromThrowable(error).getDetailsList().stream().filter(d -> d.is(ErrorInfo.class))
                    .findFirst().orElseThrow().unpack(ErrorInfo.class).getReason();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** Accepts every avatar upload: only the interceptor decides who reaches it. */
    static final class UploadAccepted extends ProfileServiceGrpc.ProfileServiceImplBase {
        @Override
        public void createAvatarUpload(CreateAvatarUploadRequest request, StreamObserver<CreateAvatarUploadResponse> responses) {
            responses.onNext(CreateAvatarUploadResponse.newBuilder().setUploadId("ok").build());
            responses.onCompleted();
        }
    }

    /** Answers with what the interceptor put in the context. */
    static final class EchoCaller extends IdentityServiceGrpc.IdentityServiceImplBase {
        @Override
        public void getMe(GetMeRequest request, StreamObserver<GetMeResponse> responses) {
            responses.onNext(GetMeResponse.newBuilder().setUser(User.newBuilder().setUserId(Caller.require().userId())).build());
            responses.onCompleted();
        }

        @Override
        public void getJwks(GetJwksRequest request, StreamObserver<GetJwksResponse> responses) {
            responses.onNext(GetJwksResponse.getDefaultInstance());
            responses.onCompleted();
        }

        @Override
        public void createInvitation(CreateInvitationRequest request, StreamObserver<CreateInvitationResponse> responses) {
            responses.onNext(CreateInvitationResponse.newBuilder().setInvitationCode("ok").build());
            responses.onCompleted();
        }
    }

    static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
