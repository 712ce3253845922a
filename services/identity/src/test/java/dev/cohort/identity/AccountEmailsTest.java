package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.RequestPasswordResetRequest;
import dev.cohort.identity.v1.ResetPasswordRequest;
import dev.cohort.identity.v1.SendVerificationEmailRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.VerifyEmailRequest;
import dev.cohort.testkit.TestMail;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** E-mail verification and password reset, end to end through a real SMTP server (GreenMail). */
class AccountEmailsTest extends IdentityServiceTest {

    private static final TestMail MAIL = TestMail.shared();
    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final Pattern LINK_TOKEN = Pattern.compile("http://cohort\\.test/(verify-email|reset-password)#token=([A-Za-z0-9_-]+)");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, AccountEmailsTest.class);
        registry.add("cohort.identity.account-mail.web-app-url", () -> "http://cohort.test/");
        registry.add("cohort.identity.account-mail.first-retry", () -> "200ms");
        registry.add("cohort.identity.account-mail.poll-interval", () -> "200ms");
        // Each test calls as its own client address (behind one trusted proxy), so the per-address limit is per test.
        registry.add("cohort.identity.trusted-proxy-hops", () -> "1");
        registry.add("cohort.identity.account-mail.resets-per-client-address-per-hour", () -> "3");
    }

    @Autowired
    JdbcTemplate jdbc;

    private static String newAddress() {
        return "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    private User register(String email) {
        return client.anonymous().register(RegisterRequest.newBuilder()
                .setEmail(email).setPassword(PASSWORD).setDisplayName("Grace <b>Hopper</b>").build()).getUser();
    }

    /** The token of the {@code index}-th (from 1) e-mail to {@code email}, waiting for it, from its plain-text part. */
    private static String tokenOfMessage(String email, int index, String path) throws Exception {
        List<MimeMessage> received = MAIL.awaitMessages(email, index, DELIVERY);
        Matcher link = LINK_TOKEN.matcher(plainText(received.get(index - 1)));
        assertThat(link.find()).as("a link in the e-mail").isTrue();
        assertThat(link.group(1)).isEqualTo(path);
        return link.group(2);
    }

    private static String plainText(MimeMessage message) throws Exception {
        return part(message, "text/plain");
    }

    private static String part(MimeMessage message, String type) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void sendsANewAccountALinkThatVerifiesItsAddress() throws Exception {
        String email = MAIL.newAddress("verify");
        User registered = register(email);

        String token = tokenOfMessage(email, 1, "verify-email");
        MimeMessage message = MAIL.messagesTo(email).get(0);
        client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build());
        LoginResponse login = client.login(email, PASSWORD);

        assertThat(registered.getEmailVerified()).isFalse();
        assertThat(message.getSubject()).isEqualTo("Confirm your e-mail address for Cohort");
        assertThat(part(message, "text/html")).contains("Grace &lt;b&gt;Hopper&lt;/b&gt;").doesNotContain("<b>Hopper");
        assertThat(login.getUser().getEmailVerified()).isTrue();
        assertThat(SignedJWT.parse(login.getTokens().getAccessToken()).getJWTClaimsSet().getBooleanClaim("email_verified"))
                .isTrue();
    }

    @Test
    void issuesUnverifiedTokensUntilTheAddressIsVerified() throws Exception {
        LoginResponse login = client.login(emailOfNewAccount("unverified"), PASSWORD);

        assertThat(login.getUser().getEmailVerified()).isFalse();
        assertThat(SignedJWT.parse(login.getTokens().getAccessToken()).getJWTClaimsSet().getBooleanClaim("email_verified"))
                .as("absent, which verifiers read as not verified (ADR 87: tokens are kept short)")
                .isNull();
    }

    @Test
    void opensAVerificationLinkOnlyOnce() throws Exception {
        String email = emailOfNewAccount("once");
        String token = tokenOfMessage(email, 1, "verify-email");
        client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build());

        StatusRuntimeException again = failure(() ->
                client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build()));

        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(again)).isEqualTo("VERIFICATION_TOKEN_INVALID");
    }

    @Test
    void aNewLinkReplacesTheEarlierOneAndRequestsAreLimited() throws Exception {
        String email = emailOfNewAccount("resend");
        String first = tokenOfMessage(email, 1, "verify-email");
        String access = client.login(email, PASSWORD).getTokens().getAccessToken();

        client.as(access).sendVerificationEmail(SendVerificationEmailRequest.getDefaultInstance());
        String second = tokenOfMessage(email, 2, "verify-email");
        StatusRuntimeException tooSoon = failure(() ->
                client.as(access).sendVerificationEmail(SendVerificationEmailRequest.getDefaultInstance()));
        StatusRuntimeException replaced = failure(() ->
                client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(first).build()));
        client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(second).build());

        assertThat(tooSoon.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reason(tooSoon)).isEqualTo("RATE_LIMITED");
        assertThat(reason(replaced)).isEqualTo("VERIFICATION_TOKEN_INVALID");
        assertThat(client.login(email, PASSWORD).getUser().getEmailVerified()).isTrue();
    }

    @Test
    void refusesToResendToAVerifiedAddress() throws Exception {
        String email = emailOfNewAccount("verified");
        client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(tokenOfMessage(email, 1, "verify-email")).build());
        String access = client.login(email, PASSWORD).getTokens().getAccessToken();

        StatusRuntimeException error = failure(() ->
                client.as(access).sendVerificationEmail(SendVerificationEmailRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("EMAIL_ALREADY_VERIFIED");
    }

    @Test
    void refusesAnExpiredVerificationLink() throws Exception {
        String email = emailOfNewAccount("expired");
        String token = tokenOfMessage(email, 1, "verify-email");
        jdbc.update("update account_tokens set expires_at = now() - interval '1 second' "
                + "where user_id = (select id from users where email = ?)", email);

        StatusRuntimeException error = failure(() ->
                client.anonymous().verifyEmail(VerifyEmailRequest.newBuilder().setToken(token).build()));

        assertThat(reason(error)).isEqualTo("VERIFICATION_TOKEN_INVALID");
        assertThat(client.login(email, PASSWORD).getUser().getEmailVerified()).isFalse();
    }

    @Test
    void answersAResetRequestTheSameWhetherOrNotTheAddressHasAnAccount() throws Exception {
        String known = emailOfNewAccount("known");
        String unknown = MAIL.newAddress("unknown");
        String address = newAddress();

        var knownAnswer = client.behindGateway(address).requestPasswordReset(
                RequestPasswordResetRequest.newBuilder().setEmail(known).build());
        var unknownAnswer = client.behindGateway(address).requestPasswordReset(
                RequestPasswordResetRequest.newBuilder().setEmail(unknown).build());
        tokenOfMessage(known, 2, "reset-password");

        assertThat(knownAnswer).isEqualTo(unknownAnswer);
        assertThat(MAIL.messagesTo(unknown)).isEmpty();
    }

    @Test
    void resetsThePasswordAndEndsEverySignIn() throws Exception {
        String email = emailOfNewAccount("reset");
        LoginResponse before = client.login(email, PASSWORD);
        client.behindGateway(newAddress()).requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        String token = tokenOfMessage(email, 2, "reset-password");
        String newPassword = "a brand new and unusual passphrase";

        client.anonymous().resetPassword(ResetPasswordRequest.newBuilder().setToken(token).setNewPassword(newPassword).build());

        StatusRuntimeException oldPassword = failure(() -> client.login(email, PASSWORD));
        StatusRuntimeException oldRefresh = failure(() -> client.anonymous().refresh(
                RefreshRequest.newBuilder().setRefreshToken(before.getTokens().getRefreshToken()).build()));
        StatusRuntimeException oldAccess = failure(() ->
                client.as(before.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()));
        LoginResponse after = client.login(email, newPassword);
        assertThat(oldPassword.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(oldRefresh.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(oldAccess.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(after.getUser().getEmailVerified()).as("the link reached the address").isTrue();
    }

    @Test
    void keepsTheLinkUsableAfterAWeakPasswordAndUsesItOnce() throws Exception {
        String email = emailOfNewAccount("weak");
        client.behindGateway(newAddress()).requestPasswordReset(RequestPasswordResetRequest.newBuilder().setEmail(email).build());
        String token = tokenOfMessage(email, 2, "reset-password");

        StatusRuntimeException weak = failure(() -> client.anonymous().resetPassword(
                ResetPasswordRequest.newBuilder().setToken(token).setNewPassword("Password1234").build()));
        client.anonymous().resetPassword(ResetPasswordRequest.newBuilder().setToken(token)
                .setNewPassword("another long unusual passphrase").build());
        StatusRuntimeException reused = failure(() -> client.anonymous().resetPassword(
                ResetPasswordRequest.newBuilder().setToken(token).setNewPassword("yet another long passphrase").build()));

        assertThat(weak.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(weak)).isEqualTo("PASSWORD_TOO_WEAK");
        assertThat(reason(reused)).isEqualTo("RESET_TOKEN_INVALID");
        assertThat(client.login(email, "another long unusual passphrase").getUser().getEmail()).isEqualTo(email);
    }

    @Test
    void doesNotTakeAVerificationTokenAsAResetToken() throws Exception {
        String email = emailOfNewAccount("crossed");
        String verificationToken = tokenOfMessage(email, 1, "verify-email");

        StatusRuntimeException error = failure(() -> client.anonymous().resetPassword(ResetPasswordRequest.newBuilder()
                .setToken(verificationToken).setNewPassword("a perfectly good passphrase").build()));

        assertThat(reason(error)).isEqualTo("RESET_TOKEN_INVALID");
        assertThat(client.login(email, PASSWORD).getUser().getEmail()).isEqualTo(email);
    }

    @Test
    void limitsResetRequestsPerClientAddressForKnownAndUnknownAddressesAlike() {
        String address = newAddress();
        for (int i = 0; i < 3; i++) {
            client.behindGateway(address).requestPasswordReset(
                    RequestPasswordResetRequest.newBuilder().setEmail(MAIL.newAddress("nobody")).build());
        }

        StatusRuntimeException error = failure(() -> client.behindGateway(address).requestPasswordReset(
                RequestPasswordResetRequest.newBuilder().setEmail(MAIL.newAddress("nobody")).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reason(error)).isEqualTo("RATE_LIMITED");
    }

    @Test
    void keepsOnlyHashesOfTheTokensAndNoSentMail() throws Exception {
        String email = emailOfNewAccount("hashed");
        String token = tokenOfMessage(email, 1, "verify-email");

        List<byte[]> stored = jdbc.queryForList("select token_hash from account_tokens t join users u on u.id = t.user_id "
                + "where u.email = ?", byte[].class, email);

        assertThat(stored).hasSize(1);
        assertThat(new String(stored.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token);
        // The relay deletes the row once the server answered 250, just after the delivery the test saw.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select count(*) from outgoing_mail where recipient = ?", Integer.class, email))
                        .as("sent e-mails (and the tokens in them) are deleted").isZero());
    }

    @Test
    void retriesWhenTheSmtpServerRefusesAndDeliversOnce() throws Exception {
        String email = MAIL.newAddress("refused");
        MAIL.refuseNext(email, 2);

        register(email);
        String token = tokenOfMessage(email, 1, "verify-email");

        assertThat(token).startsWith("cv_");
        assertThat(MAIL.messagesTo(email)).hasSize(1);
    }

    private String emailOfNewAccount(String hint) {
        String email = MAIL.newAddress(hint + "-" + UUID.randomUUID().toString().substring(0, 4));
        register(email);
        return email;
    }
}
