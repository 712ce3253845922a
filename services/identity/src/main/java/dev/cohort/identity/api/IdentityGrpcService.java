package dev.cohort.identity.api;

import dev.cohort.auth.Caller;
import dev.cohort.auth.JwkConversions;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.identity.app.AccountAdministration;
import dev.cohort.identity.app.EmailVerification;
import dev.cohort.identity.app.PasswordReset;
import dev.cohort.identity.app.InvitationService;
import dev.cohort.identity.app.RegistrationService;
import dev.cohort.identity.app.SessionService;
import dev.cohort.identity.app.SigningKeys;
import dev.cohort.identity.v1.ChangePasswordRequest;
import dev.cohort.identity.v1.ChangePasswordResponse;
import dev.cohort.identity.v1.CreateInvitationRequest;
import dev.cohort.identity.v1.CreateInvitationResponse;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.GetMeResponse;
import dev.cohort.identity.v1.GetUserRequest;
import dev.cohort.identity.v1.GetUserResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.LogoutRequest;
import dev.cohort.identity.v1.LogoutResponse;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RefreshResponse;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.RegisterResponse;
import dev.cohort.identity.v1.ReinstateUserRequest;
import dev.cohort.identity.v1.ReinstateUserResponse;
import dev.cohort.identity.v1.SetUserRolesRequest;
import dev.cohort.identity.v1.SetUserRolesResponse;
import dev.cohort.identity.v1.SuspendUserRequest;
import dev.cohort.identity.v1.SuspendUserResponse;
import dev.cohort.identity.v1.RequestPasswordResetRequest;
import dev.cohort.identity.v1.RequestPasswordResetResponse;
import dev.cohort.identity.v1.ResetPasswordRequest;
import dev.cohort.identity.v1.ResetPasswordResponse;
import dev.cohort.identity.v1.SendVerificationEmailRequest;
import dev.cohort.identity.v1.SendVerificationEmailResponse;
import dev.cohort.identity.v1.VerifyEmailRequest;
import dev.cohort.identity.v1.VerifyEmailResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated
 * (protovalidate) and authorised (the contract's access policy); errors are mapped by the server conventions.
 */
public class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {

    private final RegistrationService registration;
    private final SessionService sessions;
    private final AccountAdministration administration;
    private final InvitationService invitations;
    private final SigningKeys keys;
    private final EmailVerification verification;
    private final PasswordReset passwordReset;

    public IdentityGrpcService(RegistrationService registration, SessionService sessions,
                               AccountAdministration administration, InvitationService invitations, SigningKeys keys,
                               EmailVerification verification, PasswordReset passwordReset) {
        this.registration = registration;
        this.sessions = sessions;
        this.administration = administration;
        this.invitations = invitations;
        this.keys = keys;
        this.verification = verification;
        this.passwordReset = passwordReset;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        var user = registration.register(request.getEmail(), request.getPassword(), request.getDisplayName(),
                request.getInvitationCode());
        reply(responses, RegisterResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> responses) {
        var signedIn = sessions.login(request.getEmail(), request.getPassword(), ClientAddress.current());
        reply(responses, LoginResponse.newBuilder()
                .setUser(ProtoMapping.user(signedIn.user()))
                .setTokens(ProtoMapping.tokens(signedIn.tokens()))
                .build());
    }

    @Override
    public void refresh(RefreshRequest request, StreamObserver<RefreshResponse> responses) {
        var tokens = sessions.refresh(request.getRefreshToken());
        reply(responses, RefreshResponse.newBuilder().setTokens(ProtoMapping.tokens(tokens)).build());
    }

    @Override
    public void logout(LogoutRequest request, StreamObserver<LogoutResponse> responses) {
        if (request.getAllSessions()) {
            sessions.logoutEverywhere(Caller.require());
        } else {
            sessions.logout(Caller.require());
        }
        reply(responses, LogoutResponse.getDefaultInstance());
    }

    @Override
    public void changePassword(ChangePasswordRequest request, StreamObserver<ChangePasswordResponse> responses) {
        var tokens = sessions.changePassword(Caller.require(), request.getCurrentPassword(), request.getNewPassword(),
                ClientAddress.current());
        reply(responses, ChangePasswordResponse.newBuilder().setTokens(ProtoMapping.tokens(tokens)).build());
    }

    @Override
    public void getMe(GetMeRequest request, StreamObserver<GetMeResponse> responses) {
        var user = administration.get(Caller.require().userId());
        reply(responses, GetMeResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void getJwks(GetJwksRequest request, StreamObserver<GetJwksResponse> responses) {
        reply(responses, JwkConversions.toProto(keys.fetch()));
    }

    @Override
    public void createInvitation(CreateInvitationRequest request, StreamObserver<CreateInvitationResponse> responses) {
        Duration validFor = request.hasValidFor()
                ? Duration.ofSeconds(request.getValidFor().getSeconds(), request.getValidFor().getNanos())
                : null;
        var invitation = invitations.create(Caller.require(), request.getEmail(), ProtoMapping.role(request.getRole()),
                validFor);
        reply(responses, CreateInvitationResponse.newBuilder()
                .setInvitationCode(invitation.code())
                .setExpireTime(ProtoTimestamps.timestamp(invitation.expiresAt()))
                .build());
    }

    @Override
    public void suspendUser(SuspendUserRequest request, StreamObserver<SuspendUserResponse> responses) {
        Instant until = request.hasUntil() ? ProtoMapping.instant(request.getUntil()) : null;
        var user = administration.suspend(Caller.require(), request.getUserId(), request.getReason(), until);
        reply(responses, SuspendUserResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void reinstateUser(ReinstateUserRequest request, StreamObserver<ReinstateUserResponse> responses) {
        var user = administration.reinstate(Caller.require(), request.getUserId());
        reply(responses, ReinstateUserResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responses) {
        var user = administration.get(request.getUserId());
        reply(responses, GetUserResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void setUserRoles(SetUserRolesRequest request, StreamObserver<SetUserRolesResponse> responses) {
        var user = administration.setRoles(Caller.require(), request.getUserId(),
                ProtoMapping.roles(request.getRolesList()));
        reply(responses, SetUserRolesResponse.newBuilder().setUser(ProtoMapping.user(user)).build());
    }

    @Override
    public void sendVerificationEmail(SendVerificationEmailRequest request,
                                      StreamObserver<SendVerificationEmailResponse> responses) {
        verification.resend(Caller.require());
        reply(responses, SendVerificationEmailResponse.getDefaultInstance());
    }

    @Override
    public void verifyEmail(VerifyEmailRequest request, StreamObserver<VerifyEmailResponse> responses) {
        verification.verify(request.getToken());
        reply(responses, VerifyEmailResponse.getDefaultInstance());
    }

    @Override
    public void requestPasswordReset(RequestPasswordResetRequest request,
                                     StreamObserver<RequestPasswordResetResponse> responses) {
        passwordReset.request(request.getEmail(), ClientAddress.current());
        reply(responses, RequestPasswordResetResponse.getDefaultInstance());
    }

    @Override
    public void resetPassword(ResetPasswordRequest request, StreamObserver<ResetPasswordResponse> responses) {
        passwordReset.reset(request.getToken(), request.getNewPassword());
        reply(responses, ResetPasswordResponse.getDefaultInstance());
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
