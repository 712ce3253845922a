package dev.cohort.identity.config;

import dev.cohort.auth.AuthSettings;
import dev.cohort.auth.CachingJwkProvider;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.auth.TokenDenyList;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.identity.api.ClientAddress;
import dev.cohort.identity.api.RefreshTokenCookie;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.api.IdentityGrpcService;
import dev.cohort.identity.app.AccessTokenIssuer;
import dev.cohort.identity.app.AccountAdministration;
import dev.cohort.identity.app.BootstrapAdmin;
import dev.cohort.identity.app.InvitationService;
import dev.cohort.identity.app.RegistrationService;
import dev.cohort.identity.app.SessionService;
import dev.cohort.identity.app.SigningKeys;
import dev.cohort.identity.app.SuspensionEnds;
import dev.cohort.identity.app.TokenRevocation;
import dev.cohort.identity.domain.LoginThrottle;
import dev.cohort.identity.domain.PasswordHasher;
import dev.cohort.identity.domain.PasswordPolicy;
import dev.cohort.identity.security.Argon2PasswordHasher;
import dev.cohort.identity.security.KeyEncryption;
import dev.cohort.identity.security.RedisLoginThrottle;
import dev.cohort.identity.store.InvitationRepository;
import dev.cohort.identity.store.AccountReads;
import dev.cohort.identity.store.RefreshTokenRepository;
import dev.cohort.identity.store.SigningKeyRepository;
import dev.cohort.identity.store.UserRepository;
import dev.cohort.identity.app.AccountLinks;
import dev.cohort.identity.app.EmailVerification;
import dev.cohort.identity.app.MailRelayWakeup;
import dev.cohort.identity.app.PasswordReset;
import dev.cohort.identity.domain.AccountEmails;
import dev.cohort.identity.mail.MailRelay;
import dev.cohort.identity.store.AccountTokenStore;
import dev.cohort.identity.store.OutgoingMailStore;
import dev.cohort.mail.Mailer;
import dev.cohort.redis.FixedWindowLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.redisson.api.RedissonClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires identity's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {


    @Bean
    PasswordHasher passwordHasher() {
        return new Argon2PasswordHasher();
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return PasswordPolicy.withBundledList();
    }

    @Bean
    LoginThrottle loginThrottle(RedissonClient redis, IdentityProperties properties, Clock clock) {
        return new RedisLoginThrottle(redis, properties.loginThrottle(), clock);
    }

    @Bean
    KeyEncryption keyEncryption(IdentityProperties properties) {
        return KeyEncryption.fromBase64(properties.keys().encryptionKey());
    }

    /** Also the {@code JwkSetSource} of this service's own auth interceptor: identity never calls itself. */
    @Bean(initMethod = "start")
    SigningKeys signingKeys(SigningKeyRepository keys, KeyEncryption encryption, TransactionTemplate transactions,
                            JdbcTemplate jdbc, IdentityProperties properties, Clock clock) {
        return new SigningKeys(keys, encryption, transactions, jdbc, properties, clock);
    }

    /**
     * Identity verifies tokens against its own in-memory key ring: no network hop, no refresh throttling, so a key
     * it has just activated is known at once.
     */
    @Bean
    CachingJwkProvider cohortJwkProvider(SigningKeys keys) {
        return new CachingJwkProvider(keys, java.time.Duration.ZERO, java.time.Duration.ZERO, Clock.systemUTC());
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(SigningKeys keys, AuthSettings auth, IdentityProperties properties, Clock clock) {
        return new AccessTokenIssuer(keys, auth, properties, clock);
    }

    @Bean
    IdentityEvents identityEvents(Outbox outbox, EventEnvelope envelope) {
        return new IdentityEvents(outbox, envelope);
    }

    @Bean
    RegistrationService registrationService(UserRepository users, InvitationRepository invitations,
                                            PasswordPolicy policy, PasswordHasher hasher,
                                            IdentityProperties properties, IdentityEvents events,
                                            EmailVerification verification, Clock clock) {
        return new RegistrationService(users, invitations, policy, hasher, properties, events, verification, clock);
    }

    @Bean
    OutgoingMailStore outgoingMailStore(JdbcTemplate jdbc) {
        return new OutgoingMailStore(jdbc);
    }

    @Bean
    AccountTokenStore accountTokenStore(JdbcTemplate jdbc) {
        return new AccountTokenStore(jdbc);
    }

    /**
     * Sends what {@link AccountLinks} queues. Without an SMTP server ({@code cohort.mail.host} unset) nothing is
     * sent: the e-mails wait in the queue, and the start says so.
     */
    @Bean
    MailRelay mailRelay(OutgoingMailStore queue, AccountTokenStore tokens, ObjectProvider<Mailer> mailer,
                        TransactionTemplate transactions, IdentityProperties properties, Clock clock) {
        IdentityProperties.AccountMail settings = properties.accountMail();
        return new MailRelay(queue, tokens, Optional.ofNullable(mailer.getIfAvailable()), transactions, clock,
                settings.pollInterval(), settings.firstRetry(), settings.maxAttempts());
    }

    @Bean
    AccountLinks accountLinks(AccountTokenStore tokens, OutgoingMailStore queue, ObjectProvider<MailRelay> relay,
                              Clock clock) {
        return new AccountLinks(tokens, queue, new MailRelayWakeup(() -> relay.getObject().wake()), clock);
    }

    @Bean
    AccountEmails accountEmails(IdentityProperties properties) {
        return new AccountEmails(properties.accountMail().webAppUrl());
    }

    @Bean
    EmailVerification emailVerification(UserRepository users, AccountLinks links, AccountEmails emails,
                                        RedissonClient redis, Clock clock) {
        return new EmailVerification(users, links, emails,
                new FixedWindowLimit(redis, "identity:verification-mails:minute", 1, Duration.ofMinutes(1), clock),
                new FixedWindowLimit(redis, "identity:verification-mails:hour", 5, Duration.ofHours(1), clock),
                clock);
    }

    @Bean
    PasswordReset passwordReset(UserRepository users, RefreshTokenRepository refreshTokens, AccountLinks links,
                                AccountEmails emails, PasswordPolicy policy, PasswordHasher hasher,
                                TokenRevocation revocation, RedissonClient redis, IdentityProperties properties,
                                Clock clock) {
        return new PasswordReset(users, refreshTokens, links, emails, policy, hasher, revocation,
                new FixedWindowLimit(redis, "identity:password-resets:address",
                        properties.accountMail().resetsPerClientAddressPerHour(), Duration.ofHours(1), clock),
                new FixedWindowLimit(redis, "identity:password-resets:account", 3, Duration.ofHours(1), clock),
                clock);
    }

    @Bean
    TokenRevocation tokenRevocation(TokenDenyList denyList, RevocationSignal signal, IdentityProperties properties) {
        return new TokenRevocation(denyList, signal, properties);
    }

    @Bean
    SuspensionEnds suspensionEnds(UserRepository users, IdentityEvents events, TransactionTemplate transactions,
                                  Clock clock) {
        return new SuspensionEnds(users, events, transactions, clock);
    }

    @Bean
    SessionService sessionService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                                  LoginThrottle throttle, AccessTokenIssuer issuer, TokenRevocation revocation,
                                  PasswordPolicy passwordPolicy, SuspensionEnds suspensions,
                                  IdentityProperties properties, Clock clock) {
        return new SessionService(users, refreshTokens, hasher, throttle, issuer, revocation, passwordPolicy,
                suspensions, properties, clock);
    }

    @Bean
    AccountAdministration accountAdministration(UserRepository users, JdbcTemplate jdbc,
                                                RefreshTokenRepository refreshTokens, TokenRevocation revocation,
                                                IdentityEvents events, Clock clock) {
        return new AccountAdministration(users, new AccountReads(jdbc), refreshTokens, revocation, events, clock);
    }

    @Bean
    InvitationService invitationService(InvitationRepository invitations, Clock clock) {
        return new InvitationService(invitations, clock);
    }

    @Bean
    IdentityGrpcService identityGrpcService(RegistrationService registration, SessionService sessions,
                                            AccountAdministration administration, InvitationService invitations,
                                            SigningKeys keys, EmailVerification verification,
                                            PasswordReset passwordReset) {
        return new IdentityGrpcService(registration, sessions, administration, invitations, keys, verification,
                passwordReset);
    }

    @Bean
    @GlobalServerInterceptor
    @Order(ClientAddress.ORDER)
    ClientAddress clientAddressInterceptor(IdentityProperties properties) {
        return new ClientAddress(properties.trustedProxyHops());
    }

    /** The web app's refresh token in an HttpOnly cookie instead of the answer's body (ADR 23). */
    @Bean
    @GlobalServerInterceptor
    @Order(RefreshTokenCookie.ORDER)
    RefreshTokenCookie refreshTokenCookieInterceptor(Clock clock) {
        return new RefreshTokenCookie(clock);
    }

    @Bean
    ApplicationRunner bootstrapAdmin(IdentityProperties properties, UserRepository users, RegistrationService registration) {
        return arguments -> new BootstrapAdmin(properties.bootstrapAdmin(), users, registration).ensureExists();
    }
}
