package dev.cohort.identity.app;

import dev.cohort.identity.domain.AccountEmail;
import dev.cohort.identity.domain.LinkPurpose;
import dev.cohort.identity.domain.Secrets;
import dev.cohort.identity.store.AccountTokenStore;
import dev.cohort.identity.store.OutgoingMailStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Single-use links by e-mail: a fresh token (only its hash is stored; earlier links of the same purpose stop
 * working) and the e-mail that carries it, queued in the caller's transaction so that both commit or neither.
 */
public class AccountLinks {

    private final AccountTokenStore tokens;
    private final OutgoingMailStore mail;
    private final MailRelayWakeup wakeup;
    private final Clock clock;

    public AccountLinks(AccountTokenStore tokens, OutgoingMailStore mail, MailRelayWakeup wakeup, Clock clock) {
        this.tokens = tokens;
        this.mail = mail;
        this.wakeup = wakeup;
        this.clock = clock;
    }

    /** Issues a link for the account and queues the e-mail {@code compose} writes around its token. */
    public void send(UUID userId, LinkPurpose purpose, Function<String, AccountEmail> compose) {
        Instant now = clock.instant();
        tokens.supersede(userId, purpose, now);
        String token = Secrets.newSecret(purpose.tokenPrefix(), 32);
        tokens.insert(Secrets.hash(token), userId, purpose, now, now.plus(LinkPurpose.LIFETIME));
        mail.enqueue(compose.apply(token), now);
        wakeup.afterCommit();
    }

    /** Uses the token: its account, or empty when it is unknown, used, superseded, expired or for something else. */
    public Optional<UUID> redeem(String token, LinkPurpose purpose) {
        String presented = token.strip();
        if (!presented.startsWith(purpose.tokenPrefix())) {
            return Optional.empty();
        }
        return tokens.redeem(Secrets.hash(presented), purpose, clock.instant());
    }

    /** Marks every open link of the account with this purpose used (a password was just reset). */
    public void closeAll(UUID userId, LinkPurpose purpose) {
        tokens.supersede(userId, purpose, clock.instant());
    }
}
