package dev.cohort.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends one e-mail and says plainly whether it was accepted. The message is {@code multipart/alternative} (plain
 * text, then HTML, both UTF-8) and carries the caller's {@code Message-ID}, so a message sent a second time after a
 * lost reply is recognisably the same message, and mail clients fold the copies into one.
 *
 * <p>Returning normally means the SMTP server accepted the message (250 after DATA); anything else is a
 * {@link MailDeliveryException} saying whether a later attempt could succeed.
 */
public class Mailer {
    private final JavaMailSenderImpl sender;
    private final InternetAddress from;

    public Mailer(JavaMailSenderImpl sender, String from) {
        this.sender = sender;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("cohort.mail.from is not an address: " + e.getMessage(), e);
        }
    }

    /** Sends {@code mail}; throws {@link MailDeliveryException} when the server did not take it. */
    public void send(OutgoingMail mail) {
        MimeMessage message;
        try {
            message = build(mail);
        } catch (AddressException e) {
            throw new MailDeliveryException("not a deliverable address", true, e);
        } catch (MessagingException e) {
            throw new MailDeliveryException("the message could not be composed: " + e.getMessage(), true, e);
        }
        try {
            sender.send(message);
        } catch (MailAuthenticationException e) {
            // Our credentials, not the message: worth retrying once the configuration is fixed.
            throw new MailDeliveryException("the SMTP server refused our credentials", false, e);
        } catch (MailSendException e) {
            throw new MailDeliveryException("the SMTP server did not accept the message: " + reason(e),
                    isPermanent(e), e);
        } catch (MailException e) {
            throw new MailDeliveryException("the SMTP server could not be reached: " + e.getMessage(), false, e);
        }
    }

    /** The address mail is sent from. */
    public String from() {
        return from.toString();
    }

    private MimeMessage build(OutgoingMail mail) throws MessagingException {
        MimeMessage message = new FixedIdMessage(sender.getSession(), "<" + mail.messageId() + ">");
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        for (var header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        // Simplest first, richest last: clients show the last part they understand.
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        return message;
    }

    private static boolean isPermanent(MailSendException failure) {
        for (Object cause : failure.getFailedMessages().values()) {
            for (Throwable t = (Throwable) cause; t != null; t = t.getCause()) {
                if (t instanceof SMTPAddressFailedException address) {
                    return address.getReturnCode() >= 500;
                }
                if (t instanceof SMTPSendFailedException sendFailed) {
                    return sendFailed.getReturnCode() >= 500;
                }
                if (t instanceof AddressException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String reason(MailSendException failure) {
        return failure.getFailedMessages().values().stream().findFirst().map(Exception::getMessage)
                .orElse(failure.getMessage());
    }

    /** Jakarta Mail replaces the Message-ID with a random one on save; this keeps the caller's. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
