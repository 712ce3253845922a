package dev.cohort.devstack;

import dev.cohort.course.demo.DemoCatalogImporter;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.SendVerificationEmailRequest;
import dev.cohort.identity.v1.VerifyEmailRequest;
import dev.cohort.mailserver.InJvmSmtp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a newcomer finds on the first start: the demo catalog, imported through course's {@code ImportCatalog} as
 * the admin, and a living community of demo students ({@link DemoCommunity}). Done once per data folder (a marker
 * file records it); the accounts' passwords are generated into the local secrets and printed at every start.
 */
final class DemoData {

    /** A demo sign-in. */
    record Account(String email, String password) {
    }

    /** The token in identity's verification link (ADR 52). */
    private static final Pattern VERIFICATION_TOKEN = Pattern.compile("/verify-email#token=([A-Za-z0-9_-]+)");

    private final StackSettings settings;
    private final LocalSecrets secrets;
    private final InJvmSmtp mail;

    DemoData(StackSettings settings, LocalSecrets secrets, InJvmSmtp mail) {
        this.settings = settings;
        this.secrets = secrets;
        this.mail = mail;
    }

    /** Seeds on the first start; returns the demo accounts either way. */
    List<Account> seedOnce(String adminPassword) throws Exception {
        List<Account> accounts = new ArrayList<>();
        for (DemoPeople.Student student : DemoPeople.STUDENTS) {
            accounts.add(new Account(student.email(), secrets.password("demo-" + student.key())));
        }
        Path marker = settings.dataDir("demo-data-seeded");
        if (Files.exists(marker)) {
            return accounts;
        }
        ManagedChannel identity = channel(settings.identityPort());
        ManagedChannel course = channel(settings.coursePort());
        try (DemoCommunity community = new DemoCommunity(settings)) {
            var identityStub = IdentityServiceGrpc.newBlockingStub(identity);
            String adminToken = identityStub.withDeadlineAfter(20, TimeUnit.SECONDS).login(LoginRequest.newBuilder()
                    .setEmail(LocalStack.ADMIN_EMAIL).setPassword(adminPassword).build()).getTokens().getAccessToken();
            community.warmUp(DemoCommunity.bearer(adminToken));
            // The catalog streams into course while identity hashes the students' passwords: both are mostly waiting.
            // Importing is idempotent, so a retry (course not yet holding identity's keys) is safe.
            CompletableFuture<ImportCatalogResponse> catalog = community.submit(() -> DemoCommunity.untilReady(
                    () -> DemoCatalogImporter.importInto(course, adminToken), Set.of(DemoCommunity.TOKEN_KEY_UNKNOWN)));
            List<CompletableFuture<DemoCommunity.Member>> signUps = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                DemoPeople.Student student = DemoPeople.STUDENTS.get(i);
                Account account = accounts.get(i);
                signUps.add(community.submit(() -> signUp(identityStub, student, account)));
            }
            List<DemoCommunity.Member> members = signUps.stream().map(CompletableFuture::join).toList();
            ImportCatalogResponse imported = catalog.join();
            if (imported.getErrorsCount() > 0) {
                throw new IllegalStateException("the demo catalog had " + imported.getErrorsCount() + " bad records");
            }
            community.build(members, DemoCommunity.bearer(adminToken));
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, imported.toString());
            return accounts;
        } finally {
            identity.shutdownNow();
            course.shutdownNow();
        }
    }

    private DemoCommunity.Member signUp(IdentityServiceGrpc.IdentityServiceBlockingStub identity,
                                               DemoPeople.Student student, Account account) {
        boolean registeredNow = false;
        try {
            identity.withDeadlineAfter(20, TimeUnit.SECONDS).register(RegisterRequest.newBuilder()
                    .setEmail(account.email()).setPassword(account.password()).setDisplayName(student.displayName())
                    .build());
            registeredNow = true;
        } catch (StatusRuntimeException error) {
            if (error.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw error;
            }
        }
        LoginRequest credentials = LoginRequest.newBuilder()
                .setEmail(account.email()).setPassword(account.password()).build();
        if (registeredNow) {
            // As a student would: open the link identity e-mailed with the registration (the stack's own SMTP server
            // received it), then sign in, with a token that says the address is verified (avatar uploads need it).
            // Signing in only once matters: each sign-in hashes the password, the costliest call of the demo.
            verifyByMail(identity, account.email(), "", true);
        }
        LoginResponse login = identity.withDeadlineAfter(20, TimeUnit.SECONDS).login(credentials);
        if (!login.getUser().getEmailVerified()) {
            // Registered by an earlier start that stopped before verifying: ask for a fresh link, then sign in again.
            verifyByMail(identity, account.email(), login.getTokens().getAccessToken(), false);
            login = identity.withDeadlineAfter(20, TimeUnit.SECONDS).login(credentials);
        }
        return new DemoCommunity.Member(student, login.getUser().getUserId(),
                DemoCommunity.bearer(login.getTokens().getAccessToken()));
    }

    /**
     * Opens the newest verification link sent to {@code email}. A registration made now sent one (identity's relay
     * sends it just after the commit: wait for it, never ask for another, which would supersede it); an account an
     * earlier start registered but did not verify asks for a fresh one (received mail lives in memory), as the
     * signed-in {@code accessToken} (not used for a registration made now).
     */
    private void verifyByMail(IdentityServiceGrpc.IdentityServiceBlockingStub identity, String email, String accessToken,
                              boolean registeredNow) {
        int expected = 1;
        if (!registeredNow) {
            expected = mail.messagesTo(email).size() + 1;
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
            identity.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .sendVerificationEmail(SendVerificationEmailRequest.getDefaultInstance());
        }
        List<MimeMessage> received = mail.awaitMessagesTo(email, expected, Duration.ofSeconds(30));
        Matcher link = VERIFICATION_TOKEN.matcher(textOf(received.get(received.size() - 1)));
        if (!link.find()) {
            throw new IllegalStateException("identity's verification e-mail to a demo student holds no link");
        }
        identity.withDeadlineAfter(20, TimeUnit.SECONDS).verifyEmail(VerifyEmailRequest.newBuilder()
                .setToken(link.group(1)).build());
    }

    /** The plain-text part of identity's e-mail (decoded: the link may be quoted-printable on the wire). */
    private static String textOf(MimeMessage message) {
        try {
            Multipart parts = (Multipart) message.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
            }
            throw new IllegalStateException("identity's verification e-mail has no plain-text part");
        } catch (IOException | MessagingException unreadable) {
            throw new IllegalStateException("cannot read a demo student's verification e-mail", unreadable);
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
