package dev.cohort.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.testkit.TestMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MailerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CohortMailAutoConfiguration.class));

    private static String[] smtp() {
        return new String[] {
            "cohort.mail.host=" + TestMail.shared().host(),
            "cohort.mail.port=" + TestMail.shared().port(),
            "cohort.mail.from=Cohort <no-reply@cohort.test>"};
    }

    private static OutgoingMail mail(String to, String id) {
        return new OutgoingMail(to, "Ünïcode subject", "Plain text, café", "<p>HTML, <b>café</b></p>", id,
                Map.of("List-Unsubscribe", "<https://cohort.test/unsubscribe?t=abc>"));
    }

    @Test
    void sendsPlainTextAndHtmlWithTheCallersMessageId() throws Exception {
        String to = TestMail.shared().newAddress("mailer");
        runner.withPropertyValues(smtp()).run(context -> {
            context.getBean(Mailer.class).send(mail(to, "n-1@cohort.test"));

            MimeMessage received = TestMail.shared().awaitMessages(to, 1, Duration.ofSeconds(5)).get(0);
            assertThat(received.getSubject()).isEqualTo("Ünïcode subject");
            assertThat(received.getMessageID()).isEqualTo("<n-1@cohort.test>");
            assertThat(received.getFrom()[0].toString()).isEqualTo("Cohort <no-reply@cohort.test>");
            assertThat(received.getHeader("List-Unsubscribe")).containsExactly(
                    "<https://cohort.test/unsubscribe?t=abc>");
            Multipart parts = (Multipart) received.getContent();
            assertThat(parts.getContentType()).startsWith("multipart/alternative");
            assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Plain text, café");
            assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
            assertThat((String) parts.getBodyPart(1).getContent()).contains("<b>café</b>");
        });
    }

    @Test
    void aTransientRefusalIsReportedAsRetryableAndNothingIsKept() {
        String to = TestMail.shared().newAddress("refused");
        TestMail.shared().refuseNext(to, 1);
        runner.withPropertyValues(smtp()).run(context -> {
            Mailer mailer = context.getBean(Mailer.class);
            assertThatThrownBy(() -> mailer.send(mail(to, "n-2@cohort.test")))
                    .isInstanceOfSatisfying(MailDeliveryException.class, e -> assertThat(e.permanent()).isFalse());
            assertThat(TestMail.shared().messagesTo(to)).isEmpty();

            mailer.send(mail(to, "n-2@cohort.test"));
            List<MimeMessage> received = TestMail.shared().awaitMessages(to, 1, Duration.ofSeconds(5));
            assertThat(received).hasSize(1);
        });
    }

    @Test
    void anUnreachableServerIsRetryable() {
        runner.withPropertyValues("cohort.mail.host=127.0.0.1", "cohort.mail.port=1", "cohort.mail.from=a@cohort.test",
                "cohort.mail.connect-timeout=1s").run(context ->
                assertThatThrownBy(() -> context.getBean(Mailer.class).send(mail("x@cohort.test", "n-3@cohort.test")))
                        .isInstanceOfSatisfying(MailDeliveryException.class,
                                e -> assertThat(e.permanent()).isFalse()));
    }

    @Test
    void anApplicationGivenNoHostGetsNoMailer() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Mailer.class));
    }

    @Test
    void aHostWithoutASenderAddressStopsTheStartSayingWhatToSet() {
        runner.withPropertyValues("cohort.mail.host=127.0.0.1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cohort.mail.from is not set");
        });
    }

    @Test
    void aSubjectWithALineBreakIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new OutgoingMail("a@cohort.test", "one\r\nBcc: x@evil.test", "t", "h",
                "n@cohort.test", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
