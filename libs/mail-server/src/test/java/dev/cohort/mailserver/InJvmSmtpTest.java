package dev.cohort.mailserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InJvmSmtpTest {

    @TempDir
    static Path folder;

    private static InJvmSmtp server;

    @BeforeAll
    static void start() {
        server = InJvmSmtp.start(new InJvmSmtp.Settings(0, Optional.of(folder)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keepsWhatItReceivesPerRecipientAndAsFiles() throws Exception {
        send("ada@example.test", "Hello Ada", "first");
        send("bob@example.test", "Hello Bob", "second");

        List<MimeMessage> ada = server.messagesTo("Ada@Example.test");
        assertThat(ada).hasSize(1);
        assertThat(ada.get(0).getSubject()).isEqualTo("Hello Ada");
        assertThat(server.messagesTo("nobody@example.test")).isEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.endsWith("-ada@example.test.eml"))
                    .anyMatch(name -> name.endsWith("-bob@example.test.eml"))
                    .noneMatch(name -> name.endsWith(".part"));
        }
        Path adaFile = fileFor("ada@example.test");
        assertThat(Files.readString(adaFile)).contains("Subject: Hello Ada").contains("first");
    }

    @Test
    void refusesTheNextDeliveriesWithATransientFailureWhenAsked() throws Exception {
        server.refuseNext("carol@example.test", 1);

        assertThatThrownBy(() -> send("carol@example.test", "Refused", "not kept"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("451");
        assertThat(server.messagesTo("carol@example.test")).isEmpty();

        send("carol@example.test", "Accepted", "kept");
        assertThat(server.messagesTo("carol@example.test")).extracting(MimeMessage::getSubject)
                .containsExactly("Accepted");
    }

    private static Path fileFor(String recipient) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.getFileName().toString().endsWith("-" + recipient + ".eml")).findFirst()
                    .orElseThrow();
        }
    }

    private static void send(String to, String subject, String text) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", String.valueOf(server.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("sender@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }
}
