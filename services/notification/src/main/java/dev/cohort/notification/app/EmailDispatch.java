package dev.cohort.notification.app;

import dev.cohort.mail.MailDeliveryException;
import dev.cohort.mail.Mailer;
import dev.cohort.mail.OutgoingMail;
import dev.cohort.notification.domain.NotificationKind;
import dev.cohort.notification.domain.Texts;
import dev.cohort.notification.store.EmailRow;
import dev.cohort.notification.store.NotificationStore;
import dev.cohort.notification.store.RecipientRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the e-mails whose time has come, one transaction each: the row is claimed ({@code for update skip locked},
 * so replicas never send the same one), the mail is sent, and the row is marked SENT in that same transaction. An
 * SMTP failure leaves it PENDING with the attempt counted and a later due time (doubling from
 * {@code retryBackoff}, at most an hour), a permanent one or too many attempts mark it FAILED; nothing is sent
 * twice, except in the one case no SMTP client can exclude (the server took the message and the commit was lost),
 * where the second copy carries the same Message-ID. Notifications read in the app meanwhile are left out; an
 * e-mail with none left is SKIPPED.
 */
public class EmailDispatch {

    private static final Logger log = LoggerFactory.getLogger(EmailDispatch.class);

    private final NotificationStore store;
    private final Mailer mailer;
    private final MailTemplates templates;
    private final Preferences preferences;
    private final TransactionTemplate transactions;
    private final String publicBaseUrl;
    private final Duration retryBackoff;
    private final int maxAttempts;
    private final Clock clock;

    public EmailDispatch(NotificationStore store, Mailer mailer, MailTemplates templates, Preferences preferences,
                         TransactionTemplate transactions, String publicBaseUrl, Duration retryBackoff,
                         int maxAttempts, Clock clock) {
        this.store = store;
        this.mailer = mailer;
        this.templates = templates;
        this.preferences = preferences;
        this.transactions = transactions;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        this.retryBackoff = retryBackoff;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** Sends every e-mail due now; returns how many were handled (sent, skipped or failed). */
    public int sendDue() {
        int handled = 0;
        while (Boolean.TRUE.equals(transactions.execute(status -> sendOne()))) {
            handled++;
        }
        return handled;
    }

    private boolean sendOne() {
        Instant now = clock.instant();
        Optional<EmailRow> claimed = store.claimDueEmail(now);
        if (claimed.isEmpty()) {
            return false;
        }
        EmailRow email = claimed.get();
        List<NotificationView> items = store.unreadOfEmail(email.id()).stream().map(Views::of).toList();
        RecipientRow recipient = store.recipients(Set.of(email.userId())).get(email.userId());
        if (items.isEmpty() || recipient == null || recipient.email() == null) {
            store.emailDone(email.id(), "SKIPPED", now);
            return true;
        }
        OutgoingMail mail = compose(email, recipient, items);
        try {
            mailer.send(mail);
            store.emailDone(email.id(), "SENT", clock.instant());
            log.atInfo().addKeyValue("emailId", email.id()).addKeyValue("notifications", items.size())
                    .log("notification e-mail sent");
        } catch (MailDeliveryException failed) {
            int attempts = email.attempts() + 1;
            boolean giveUp = failed.permanent() || attempts >= maxAttempts;
            long factor = 1L << Math.min(attempts - 1, 10);
            Duration wait = retryBackoff.multipliedBy(factor);
            Instant retryAt = now.plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait);
            store.emailFailed(email.id(), attempts, failed.getMessage(), retryAt, giveUp);
            log.atWarn().addKeyValue("emailId", email.id()).addKeyValue("attempts", attempts)
                    .addKeyValue("giveUp", giveUp).log("notification e-mail not accepted: " + failed.getMessage());
        }
        return true;
    }

    private OutgoingMail compose(EmailRow email, RecipientRow recipient, List<NotificationView> items) {
        String name = Texts.nameOr(recipient.displayName(), "there");
        String openUrl = publicBaseUrl + "/notifications";
        Map<NotificationKind, String> unsubscribe = new LinkedHashMap<>();
        for (NotificationView item : items) {
            unsubscribe.computeIfAbsent(item.kind(), kind -> unsubscribeUrl(recipient, kind));
        }
        MailTemplates.Rendered rendered = items.size() == 1
                ? templates.single(items.get(0), name, openUrl, unsubscribe.get(items.get(0).kind()))
                : templates.digest(items, name, openUrl, unsubscribe);
        Map<String, String> headers = new LinkedHashMap<>();
        if (unsubscribe.size() == 1) {
            // One-click unsubscribe (RFC 8058): mail clients POST to the link, no page to visit.
            headers.put("List-Unsubscribe", "<" + unsubscribe.values().iterator().next() + ">");
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return new OutgoingMail(recipient.email(), rendered.subject(), rendered.text(), rendered.html(),
                "notification-email-" + email.id() + "@cohort", headers);
    }

    private String unsubscribeUrl(RecipientRow recipient, NotificationKind kind) {
        String token = preferences.unsubscribeToken(recipient.userId(), kind);
        return publicBaseUrl + "/v1/notifications:unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
